// Browser test of hostile archived text: a site whose fields carry script payloads (the fixture
// tests/fixtures/hostile) is served under a sub-path and every one of its pages is opened in
// headless Chromium; then the search page is used as a reader would: a query typed, the results
// and every filter group shown. Each payload, if turned into markup, pushes its number onto
// `window.__xss`. The test fails if any page ends with a non-empty list, if the search page
// holds an element made from a payload, or if a payload is not shown as the text it is.
//
//   node tests/browser/hostile.js SITE_DIR BASE_PATH
"use strict";
const { openSite, htmlPages } = require("./site");

let failed = 0;
function fail(message) {
  console.error(`FAIL: ${message}`);
  failed++;
  process.exitCode = 1;
}

/** Elements or attributes that only a payload would have put there. */
const MADE_FROM_PAYLOAD = "img[onerror], svg[onload], [onerror], [onload], #search script, #search b";

async function checkPage(page, url, label) {
  await page.goto(url);
  await page.waitForLoadState("load");
  // Scripts that run on load (onerror of a broken image) get a moment to run.
  await page.waitForTimeout(50);
  const ran = await page.evaluate(() => window.__xss || []);
  if (ran.length) fail(`${label}: payload(s) ${ran.join(", ")} ran`);
  const made = await page.locator(MADE_FROM_PAYLOAD).count();
  if (made) fail(`${label}: ${made} element(s) made from payloads`);
  return ran.length === 0 && made === 0;
}

async function main() {
  const [root, base] = process.argv.slice(2);
  if (!root || !base) {
    console.error("usage: hostile.js SITE_DIR BASE_PATH");
    process.exit(2);
  }
  const { origin, browser, close } = await openSite(root, base);
  try {
    const page = await browser.newPage();
    const pages = htmlPages(root);
    let clean = 0;
    for (const rel of pages) {
      const path = rel.replace(/index\.html$/, "");
      if (await checkPage(page, `${origin}${base}${path}`, rel)) clean++;
    }
    console.log(`ok: ${clean} of ${pages.length} pages ran no payload`);

    // The search page, used: a query, its results and every filter group opened.
    await page.goto(`${origin}${base}search/`);
    const input = page.locator(".pagefind-ui__search-input");
    await input.waitFor({ timeout: 15000 });
    await input.fill("zeppelin");
    await page.locator(".pagefind-ui__result-link").first().waitFor({ timeout: 15000 });
    await page.locator(".pagefind-ui__filter-label").first().waitFor({ state: "attached", timeout: 15000 });
    for (const summary of await page.locator(".pagefind-ui__filter-name").all()) {
      await summary.click();
    }
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(200);
    const ran = await page.evaluate(() => window.__xss || []);
    if (ran.length) fail(`search: payload(s) ${ran.join(", ")} ran`);
    const made = await page.locator(MADE_FROM_PAYLOAD).count();
    if (made) fail(`search: ${made} element(s) made from payloads`);

    // The payloads are shown as the text they are, not dropped or turned into entities.
    const labels = await page.locator(".pagefind-ui__filter-label").allTextContents();
    const titles = await page.locator(".pagefind-ui__result-title").allTextContents();
    const expected = [
      [labels, 'Issuer <img src=x onerror="(window.__xss=window.__xss||[]).push(2)">'],
      [labels, 'Topic <img src=x onerror="(window.__xss=window.__xss||[]).push(3)">'],
      [labels, "Law & <b>order</b>"],
      [titles, 'Title <img src=x onerror="(window.__xss=window.__xss||[]).push(1)"> zeppelin'],
    ];
    for (const [shown, text] of expected) {
      if (!shown.some((s) => s.includes(text))) {
        fail(`search: ${JSON.stringify(text)} is not shown as text; shown: ${JSON.stringify(shown)}`);
      }
    }
    if (!ran.length && !made) {
      console.log(`ok: search shows ${labels.length} filter values and ${titles.length} ` +
        "result titles as text; no payload ran");
    }
  } finally {
    await close();
  }
  if (failed) console.error(`${failed} check(s) failed`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
