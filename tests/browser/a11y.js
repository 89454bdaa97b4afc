// Accessibility of every kind of page, with axe-core in headless Chromium: WCAG 2.0 A and AA
// and WCAG 2.1 AA rules, in light and dark colour schemes, on a desktop and a phone screen.
//
//   AXE_CORE=path/to/axe-core node tests/browser/a11y.js SITE_DIR BASE_PATH PAGE_PATH [PAGE_PATH ...]
//
// PAGE_PATHs are paths under BASE_PATH ("" for the home page; a missing path gets the 404
// page). Prints each page's violations (rule, impact, the first elements) and a count for each
// combination; exits 1 if there is any.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { openSite } = require("./site");

const AXE = path.join(process.env.AXE_CORE || "axe-core", "axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21aa"];
const SCREENS = [["desktop", 1280, 800], ["phone", 390, 844]];
const SCHEMES = ["light", "dark"];

async function main() {
  const [root, base, ...pages] = process.argv.slice(2);
  if (!root || !base || pages.length === 0) {
    console.error("usage: a11y.js SITE_DIR BASE_PATH PAGE_PATH [...]");
    process.exit(2);
  }
  const source = fs.readFileSync(require.resolve(AXE), "utf8");
  const { origin, browser, close } = await openSite(root, base);
  let total = 0;
  try {
    for (const [screen, width, height] of SCREENS) {
      for (const scheme of SCHEMES) {
        const ctx = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
        const page = await ctx.newPage();
        let found = 0;
        for (const p of pages) {
          await page.goto(`${origin}${base}${p}`);
          await page.waitForLoadState("load");
          if (p.startsWith("search/")) {
            // The search interface, with results and their filters shown.
            await page.locator(".pagefind-ui__search-input").waitFor({ timeout: 15000 });
            await page.locator(".pagefind-ui__search-input").fill("trafficking");
            await page.locator(".pagefind-ui__result-link").first().waitFor({ timeout: 15000 });
          }
          // Folded content (the full record, page furniture) is checked open.
          await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
          await page.addScriptTag({ content: source });
          const violations = await page.evaluate(async (tags) => {
            const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
            return result.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              count: v.nodes.length,
              nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1, 2).join(" ")}`),
            }));
          }, TAGS);
          for (const v of violations) {
            found += v.count;
            console.error(`FAIL: /${p} (${screen}, ${scheme}): ${v.id} (${v.impact}) on ${v.count} element(s)`);
            for (const n of v.nodes) console.error(`    ${n}`);
          }
        }
        console.log(`${found ? "FAIL" : "ok"}: ${pages.length} pages, ${screen} ${width}×${height}, ${scheme}: ` +
          `${found} violation(s) of ${TAGS.join(", ")}`);
        total += found;
        await ctx.close();
      }
    }
  } finally {
    await close();
  }
  if (total) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
