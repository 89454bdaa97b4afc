// Measures what Pagefind's search page fetches for a visit's queries, typed one after another
// on one page (as a reader searches): for each, the bytes and files of index data (metadata,
// index chunks, filters, result fragments) fetched since the previous one, and Pagefind's code
// (scripts, styles, WebAssembly: the same for every archive, cached after the first visit).
// A measurement for BENCHMARKS.md, not a test: it prints and exits 0 unless a query finds
// nothing.
//
//   node bench/query-bytes.js SITE_DIR BASE_PATH QUERY [QUERY ...]
"use strict";
const { openSite } = require("../tests/browser/site");

async function main() {
  const [root, base, ...queries] = process.argv.slice(2);
  if (!root || !base || queries.length === 0) {
    console.error("usage: query-bytes.js SITE_DIR BASE_PATH QUERY [QUERY ...]");
    process.exit(2);
  }
  const { origin, browser, close } = await openSite(root, base);
  try {
    const page = await browser.newPage();
    let fetched = { code: [0, 0], index: [0, 0] };
    page.on("response", async (response) => {
      const url = new URL(response.url()).pathname;
      if (!url.includes("/pagefind")) return;
      const kind = /\.(js|css)$|wasm\./.test(url) ? "code" : "index";
      try {
        const body = await response.body();
        fetched[kind][0] += body.length;
        fetched[kind][1] += 1;
      } catch (_) { /* redirects have no body */ }
    });
    await page.goto(`${origin}${base}search/`);
    const input = page.locator(".pagefind-ui__search-input");
    await input.waitFor({ timeout: 30000 });
    for (const [i, query] of queries.entries()) {
      fetched = { code: [0, 0], index: [0, 0] };
      await input.fill(query);
      await page.locator(".pagefind-ui__result-link").first().waitFor({ timeout: 60000 });
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(500);
      const [ib, inum] = fetched.index;
      const [cb, cn] = fetched.code;
      console.log(`${i === 0 ? "first" : "later"} query "${query}": ${ib} bytes of index data in ` +
        `${inum} files; ${cb} bytes of Pagefind code in ${cn} files`);
    }
  } finally {
    await close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
