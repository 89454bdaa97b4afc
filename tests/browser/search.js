// End-to-end test of a built site in headless Chromium: serves the output folder under a
// sub-path on 127.0.0.1, as GitHub Pages serves project pages, then for each query types it
// into the search page and waits for the expected statement among the results. Also checks
// that a missing page gets the site's 404 page with its stylesheet, under the sub-path.
//
//   node tests/browser/search.js SITE_DIR BASE_PATH QUERY EXPECTED_HREF [QUERY EXPECTED_HREF ...]
//
// EXPECTED_HREF is a path under BASE_PATH, such as statements/2024-01-10-english/. For each
// query it prints what the browser fetched for search from loading the page to the results:
// Pagefind's code (scripts, styles, WebAssembly; the same for every archive and cached after
// the first visit) and the index data (metadata, index chunks, filters, result fragments),
// which is what grows with the archive. Exits 1 if any check fails.
"use strict";
const { openSite } = require("./site");

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exitCode = 1;
}

async function main() {
  const [root, base, ...pairs] = process.argv.slice(2);
  if (!root || !base || pairs.length === 0 || pairs.length % 2) {
    console.error("usage: search.js SITE_DIR BASE_PATH QUERY EXPECTED_HREF [...]");
    process.exit(2);
  }
  const { origin, browser, close } = await openSite(root, base);
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));

    // The not-found page works under the sub-path: its stylesheet loads.
    const missing = await page.goto(`${origin}${base}no/such/page/`);
    const styled = await page.evaluate(() => document.styleSheets.length > 0 &&
      getComputedStyle(document.body).fontFamily !== "");
    if (missing.status() !== 404 || !styled) fail("the 404 page is not served with its stylesheet");
    else console.log("ok: 404 page under the sub-path");

    for (let i = 0; i < pairs.length; i += 2) {
      const [query, expected] = [pairs[i], pairs[i + 1]];
      const fetched = { code: [0, 0], index: [0, 0] };
      const count = async (response) => {
        const url = new URL(response.url()).pathname;
        if (!url.includes("/pagefind")) return;
        const kind = /\.(js|css)$|wasm\./.test(url) ? "code" : "index";
        try {
          fetched[kind][0] += (await response.body()).length;
          fetched[kind][1] += 1;
        } catch (_) { /* redirects have no body */ }
      };
      page.on("response", count);
      await page.goto(`${origin}${base}search/`);
      const input = page.locator(".pagefind-ui__search-input");
      await input.waitFor({ timeout: 15000 });
      await input.fill(query);
      const link = page.locator(`.pagefind-ui__result-link[href^="${base}${expected}"]`);
      try {
        await link.first().waitFor({ timeout: 15000 });
        await page.waitForLoadState("networkidle");
        const [cb, cn] = fetched.code;
        const [ib, inum] = fetched.index;
        console.log(`ok: "${query}" finds ${base}${expected}; fetched ${ib} bytes of index ` +
          `data in ${inum} files, and ${cb} bytes of Pagefind code in ${cn} files`);
      } catch (_) {
        const found = await page.locator(".pagefind-ui__result-link").evaluateAll(
          (links) => links.map((a) => a.getAttribute("href")));
        fail(`"${query}" did not find ${base}${expected}; results: ${JSON.stringify(found)}`);
      }
      page.off("response", count);
    }
    if (errors.length) fail(`script errors: ${errors.join("; ")}`);
  } finally {
    await close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
