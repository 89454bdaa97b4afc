// Reading a statement in headless Chromium: notes beside the text without tearing holes in it,
// the text first, notes linked to their passages, copying a note's link and a citation to a
// paragraph, tap targets, print endnotes, entities' mentions linked quietly, and paragraph
// numbers on screen on every page that shows them.
//
//   node tests/browser/reading.js SITE_DIR BASE_PATH STATEMENT_PATH [STATEMENT_PATH ...] -- PAGE_PATH [...]
//
// STATEMENT_PATHs are statement pages with notes (such as statements/x/); PAGE_PATHs are other
// pages with numbered paragraphs (the home page, About…). Prints what it measured; exits 1 if
// any check fails.
"use strict";
const { openSite } = require("./site");

let failures = 0;
function check(ok, message) {
  if (ok) console.log(`ok: ${message}`);
  else {
    console.error(`FAIL: ${message}`);
    failures++;
  }
}

/** The largest vertical gap between consecutive blocks of the text column (notes left out)
 * beyond the margin the stylesheet puts between them (headings have larger margins than
 * paragraphs; a gap caused by notes is space beyond that margin), and the paragraph's line
 * height. */
async function gaps(page) {
  return page.evaluate(() => {
    const text = document.querySelector(".text");
    const blocks = [...text.children].filter((el) => {
      const style = getComputedStyle(el);
      return !el.matches(".note") && style.display !== "none" && style.position !== "absolute";
    });
    let worst = { gap: 0, raw: 0, after: "" };
    for (let i = 1; i < blocks.length; i++) {
      const raw = blocks[i].getBoundingClientRect().top - blocks[i - 1].getBoundingClientRect().bottom;
      const margin = Math.max(parseFloat(getComputedStyle(blocks[i - 1]).marginBottom),
        parseFloat(getComputedStyle(blocks[i]).marginTop));
      const gap = raw - margin;
      if (raw > worst.raw) worst.raw = raw;
      if (gap > worst.gap) worst = { ...worst, gap, after: blocks[i - 1].id || blocks[i - 1].className };
    }
    const line = parseFloat(getComputedStyle(text.querySelector("p")).lineHeight);
    return { ...worst, line };
  });
}

/** Where each margin note sits against the text column, its reference and the note above. */
async function placement(page) {
  return page.evaluate(() => {
    const text = document.querySelector(".text");
    const column = Math.max(...[...text.querySelectorAll(":scope > p")].map((p) => p.getBoundingClientRect().right));
    let above = -Infinity;
    const out = [];
    for (const note of text.querySelectorAll(":scope > .note")) {
      const r = note.getBoundingClientRect();
      const ref = document.getElementById(`ref-${note.id}`).getBoundingClientRect();
      out.push({ id: note.id, left: r.left, column, top: r.top, ref: ref.top, above, height: r.height });
      above = r.bottom;
    }
    return out;
  });
}

async function statement(browser, origin, base, path) {
  const url = `${origin}${base}${path}`;
  for (const width of [1280, 1600]) {
    for (const js of [true, false]) {
      const ctx = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: js });
      if (js) await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
      const page = await ctx.newPage();
      await page.goto(url);
      await page.waitForLoadState("load");
      await page.waitForTimeout(100);
      const g = await gaps(page);
      const how = `${path} at ${width} px${js ? "" : " without JavaScript"}`;
      check(g.gap <= g.line, `${how}: largest space between blocks of the text beyond their margin ` +
        `${g.gap.toFixed(1)} px${g.after ? ` (after ${g.after})` : ""}, largest gap with the margin ${g.raw.toFixed(1)} px; one line is ${g.line} px`);
      const notes = await placement(page);
      const outside = notes.filter((n) => n.left < n.column);
      check(notes.length > 0 && outside.length === 0, `${how}: all ${notes.length} notes in the margin, right of the text`);
      const overlapping = notes.filter((n) => n.top < n.above - 0.5);
      check(overlapping.length === 0, `${how}: no note overlaps the note above it`);
      const visible = notes.filter((n) => n.height > 20);
      check(visible.length === notes.length, `${how}: every note is open and readable`);
      if (js) {
        // As close to its reference as the note above allows.
        const far = notes.filter((n) => Math.abs(n.top - Math.max(n.ref, n.above + 8)) > 2);
        check(far.length === 0, `${how}: each note level with its reference or just below the note above` +
          (far.length ? ` (${far.map((n) => `${n.id}: ${n.top.toFixed(0)} vs ${n.ref.toFixed(0)}`).join(", ")})` : ""));
      } else {
        const above = notes.filter((n) => n.top < n.ref - 2);
        check(above.length === 0, `${how}: no note starts above its reference`);
      }
      if (width === 1280 && js) {
        const first = await page.locator("#p1").boundingBox();
        check(first && first.y < 800, `${path}: ¶1 starts at y=${first && first.y.toFixed(0)} px, within the first 800 px screen`);
        await linking(page, path);
      }
      await ctx.close();
    }
  }
  for (const js of [true, false]) {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: js, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto(url);
    const how = `${path} at 390 px${js ? "" : " without JavaScript"}`;
    const first = await page.locator("#p1").boundingBox();
    check(first && first.y < 1.5 * 844, `${how}: ¶1 starts at y=${first && first.y.toFixed(0)} px, within 1.5 screens (1266 px)`);
    const below = await page.evaluate(() => [...document.querySelectorAll(".text > .note")].every((n) => {
      const prev = n.previousElementSibling.getBoundingClientRect();
      const r = n.getBoundingClientRect();
      return r.height > 20 && r.top >= prev.bottom - 0.5;
    }));
    check(below, `${how}: every note is open, below the element it annotates`);
    const small = await page.evaluate(() => [...document.querySelectorAll(".anno-ref a, .note-number, .pn")]
      .map((a) => a.getBoundingClientRect())
      .filter((r) => r.width < 24 || r.height < 24).length);
    check(small === 0, `${how}: note references, note numbers and paragraph numbers are at least 24×24 px`);
    await ctx.close();
  }
  // Print: the notes come after the text, as endnotes.
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(url);
  await page.emulateMedia({ media: "print" });
  const endnotes = await page.evaluate(() => {
    const text = document.querySelector(".text");
    const last = [...text.querySelectorAll(":scope > p")].pop().getBoundingClientRect().bottom;
    const notes = [...text.querySelectorAll(":scope > .note")].map((n) => n.getBoundingClientRect());
    const title = text.querySelector(".endnotes-title").getBoundingClientRect();
    return notes.every((r) => r.top >= last && r.top >= title.bottom && r.height > 10);
  });
  check(endnotes, `${path} printed: every note after the last paragraph, under "Notes"`);
  await ctx.close();
}

/** Hovering or focusing a passage marks its note and the reverse; clicking a passage opens its note. */
async function linking(page, path) {
  const mark = page.locator("mark.anno").first();
  const id = (await mark.getAttribute("data-notes")).split(/\s+/)[0];
  const note = page.locator(`[id="${id}"]`);
  await mark.hover();
  check(await note.evaluate((n) => n.classList.contains("is-partner")), `${path}: hovering a passage marks note ${id}`);
  await note.hover();
  check(await mark.evaluate((m) => m.classList.contains("is-partner")), `${path}: hovering note ${id} marks its passage`);
  await page.locator(`[id="ref-${id}"]`).focus();
  check(await note.evaluate((n) => n.classList.contains("is-partner")), `${path}: focusing a reference marks note ${id}`);
  await mark.click();
  const state = await page.evaluate(() => ({ hash: location.hash, focused: document.activeElement.id }));
  check(state.hash === `#${id}` && state.focused === id, `${path}: clicking a passage opens its note (${JSON.stringify(state)})`);

  // "Copy link" on a note, and "Copy citation to ¶N" once a paragraph's number is followed.
  await note.locator(".copy").click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  check(link.endsWith(`/${path}#${id}`) && /^https?:/.test(link), `${path}: "Copy link" copies ${link}`);
  await page.locator("#p3 > .pn").click();
  const beside = page.locator("#p3 .copy");
  const label = await beside.textContent();
  await beside.click();
  const citation = await page.evaluate(() => navigator.clipboard.readText());
  check(label === "Copy citation to ¶3" && citation.includes(`/${path}#p3`) && /accessed \d/.test(citation),
    `${path}: "${label}" copies the citation to ¶3: ${citation}`);
}

/** Mentions of entities linked in the text: visible (underlined) but quiet (the text's own
 * colour, no background, dotted), unlike notes' passages (highlighted) and references; in
 * light and dark. */
async function mentions(browser, origin, base, path) {
  for (const scheme of ["light", "dark"]) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
    const page = await ctx.newPage();
    await page.goto(`${origin}${base}${path}`);
    const found = await page.evaluate(() => [...document.querySelectorAll(".text a.mention")].map((a) => {
      const style = getComputedStyle(a);
      const block = getComputedStyle(a.closest("p, li, td, th"));
      return {
        text: a.textContent,
        same: style.color === block.color,
        line: style.textDecorationLine,
        dotted: style.textDecorationStyle,
        background: style.backgroundColor,
        href: a.getAttribute("href"),
      };
    }));
    const bad = found.filter((m) => !m.same || !m.line.includes("underline") || m.dotted !== "dotted" ||
      !/^rgba\(0, 0, 0, 0\)$|^transparent$/.test(m.background) || !/\/entities\/[a-z0-9-]+\/$/.test(m.href));
    check(found.length > 0 && bad.length === 0,
      `${path} (${scheme}): ${found.length} mentions link to entities, in the text's colour with a dotted underline` +
      (bad.length ? ` (bad: ${JSON.stringify(bad[0])})` : ""));
    await ctx.close();
  }
}

/** Paragraph numbers on pages other than statements: on screen, legible, beside the text. */
async function numbers(browser, origin, base, path) {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    const ctx = await browser.newContext({ viewport: { width, height } });
    const page = await ctx.newPage();
    await page.goto(`${origin}${base}${path}`);
    const found = await page.evaluate(() => [...document.querySelectorAll(".pn")].map((a) => {
      const r = a.getBoundingClientRect();
      const p = a.parentElement;
      const range = document.createRange();
      range.selectNodeContents(p);
      range.setEndBefore(a);
      const text = [...range.getClientRects()].reduce((m, q) => Math.min(m, q.left), Infinity);
      return { left: r.left, right: r.right, width: r.width, height: r.height, text, size: parseFloat(getComputedStyle(a).fontSize) };
    }));
    const bad = found.filter((n) => n.left < 0 || n.right > n.text + 0.5 || n.width < 24 || n.height < 24 || n.size < 11);
    check(found.length > 0 && bad.length === 0,
      `${path} at ${width} px: ${found.length} paragraph numbers on screen, beside the text, 24 px targets, ≥ 11 px type` +
      (bad.length ? ` (bad: ${JSON.stringify(bad[0])})` : ""));
    await ctx.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const split = args.indexOf("--");
  const [root, base, ...statements] = split < 0 ? args : args.slice(0, split);
  const pages = split < 0 ? [] : args.slice(split + 1);
  if (!root || !base || statements.length === 0) {
    console.error("usage: reading.js SITE_DIR BASE_PATH STATEMENT_PATH [...] -- PAGE_PATH [...]");
    process.exit(2);
  }
  const { origin, browser, close } = await openSite(root, base);
  try {
    for (const path of statements) await statement(browser, origin, base, path);
    for (const path of statements) await mentions(browser, origin, base, path);
    for (const path of pages) await numbers(browser, origin, base, path);
  } finally {
    await close();
  }
  if (failures) {
    console.error(`${failures} check(s) failed.`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
