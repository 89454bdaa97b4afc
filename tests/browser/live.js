// End-to-end test of `annals serve` in headless Chromium: the live-reload script as a reader's
// browser runs it. On a copy of SITE_DIR, it opens a statement page and checks that the page
// loads once and stays (no reload loop), reloads with the new text after a save, shows the error
// overlay naming the file after a broken save, and reloads without it once the file is fixed.
//
//   node tests/browser/live.js ANNALS_BINARY SITE_DIR
//
// Exits 1 if any check fails.
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");
const { chromium } = require(process.env.PLAYWRIGHT_CORE || "playwright-core");

const [annals, siteDir] = process.argv.slice(2);
if (!annals || !siteDir) {
  console.error("usage: node tests/browser/live.js ANNALS_BINARY SITE_DIR");
  process.exit(2);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with the URL `serve` prints once it is serving; rejects if it exits first. */
function started(child) {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/Serving .* at (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
}

function check(ok, what) {
  if (!ok) throw new Error(what);
  console.log(`ok: ${what}`);
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "annals-live-"));
  const root = path.join(work, "site");
  fs.cpSync(siteDir, root, { recursive: true });
    const statements = path.join(root, "content", "statements");
  const name = fs.readdirSync(statements).filter((f) => f.endsWith(".md")).sort()[0];
  const file = path.join(statements, name);
  const original = fs.readFileSync(file, "utf8");

  const port = await freePort();
  const serve = spawn(annals, ["serve", "--root", root, "--port", String(port)], {
    env: { ...process.env, XDG_CACHE_HOME: path.join(work, "cache") },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || undefined });
  try {
    const base = await started(serve);
    const url = `${base}statements/${name.replace(/\.md$/, "")}/`;
    const page = await browser.newPage();
    let loads = 0;
    page.on("load", () => loads++);
    await page.goto(url);
    await page.waitForTimeout(1500);
    check(loads === 1, `the page loads once and stays (loads: ${loads})`);

    const marker = "A paragraph added while serving, to see it arrive.";
    const reloaded = page.waitForEvent("load", { timeout: 15000 });
    fs.writeFileSync(file, `${original.trimEnd()}\n\n${marker}\n`);
    await reloaded;
    check((await page.textContent("main")).includes(marker), "a save reloads the page with the new text");

    fs.writeFileSync(file, original.replace(/^title:.*$/m, "title: [never closed"));
    const overlay = await page.waitForSelector("#annals-errors", { timeout: 15000 });
    const message = await overlay.textContent();
    check(message.includes(name), `a broken save shows the error overlay naming ${name}`);

    const fixed = page.waitForEvent("load", { timeout: 15000 });
    fs.writeFileSync(file, original);
    await fixed;
    await page.waitForTimeout(500);
    check((await page.$("#annals-errors")) === null, "the fix reloads the page without the overlay");
    check(!(await page.textContent("main")).includes(marker), "the page shows the fixed file's text");
  } finally {
    await browser.close();
    serve.kill("SIGINT");
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`FAILED: ${e.message}`);
  process.exit(1);
});
