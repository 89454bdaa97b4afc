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
// which is what grows with the archive. Within each result, paragraph sub-results (#pN) must
// come before note sub-results, each once; on a phone, the filters must be folded and the first
// result on screen. Exits 1 if any check fails.
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
        // Within each result, paragraphs (#pN) before notes, and no sub-result twice.
        const order = await page.locator(".pagefind-ui__result").evaluateAll((results) => results.map((r) =>
          [...r.querySelectorAll(".pagefind-ui__result-nested .pagefind-ui__result-link")].map((a) => a.getAttribute("href"))));
        const bad = order.filter((hrefs) => {
          const kinds = hrefs.map((h) => (/#p\d+$/.test(h) ? 0 : 1));
          return new Set(hrefs).size !== hrefs.length || kinds.some((k, i) => i && k < kinds[i - 1]);
        });
        if (bad.length) fail(`"${query}": sub-results out of order or repeated: ${JSON.stringify(bad)}`);
        else console.log(`ok: "${query}": in every result, paragraphs before notes, each once`);
      } catch (_) {
        const found = await page.locator(".pagefind-ui__result-link").evaluateAll(
          (links) => links.map((a) => a.getAttribute("href")));
        fail(`"${query}" did not find ${base}${expected}; results: ${JSON.stringify(found)}`);
      }
      page.off("response", count);
    }
    // On a phone, the filters are folded behind a button and the first result is on screen.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    phone.on("pageerror", (e) => errors.push(e.message));
    await phone.goto(`${origin}${base}search/?q=${encodeURIComponent(pairs[0])}`);
    const first = phone.locator(".pagefind-ui__result").first();
    await first.waitFor({ timeout: 15000 });
    const folded = await phone.evaluate(() => {
      const panel = document.querySelector(".pagefind-ui__filter-panel");
      const toggle = document.querySelector(".filters-toggle");
      return { hidden: !panel || panel.offsetParent === null, toggle: !!toggle && toggle.offsetParent !== null };
    });
    const top = (await first.boundingBox()).y;
    if (!folded.hidden || !folded.toggle || top > 844) {
      fail(`on a phone the filters are not folded or the first result is off screen (${JSON.stringify(folded)}, y=${top})`);
    } else console.log(`ok: on a phone the filters are folded and the first result starts at y=${top.toFixed(0)} px`);
    await phone.locator(".filters-toggle").click();
    if (await phone.locator(".pagefind-ui__filter-panel").isVisible()) console.log("ok: the filters unfold");
    else fail("the filters do not unfold on a phone");
    await phone.close();
    if (errors.length) fail(`script errors: ${errors.join("; ")}`);
  } finally {
    await close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
