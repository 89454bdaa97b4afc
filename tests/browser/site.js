// Shared by the browser tests of built sites: a static server that answers like GitHub Pages
// under a sub-path, and headless Debian Chromium driven by playwright-core.
"use strict";
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");
const { chromium } = require(process.env.PLAYWRIGHT_CORE || "playwright-core");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".jsonld": "application/ld+json",
};

/** A static server for `root` at `base` on 127.0.0.1, answering like GitHub Pages: folders
 * serve their index.html, and anything missing gets 404.html with status 404. */
function serve(root, base) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let file = null;
    if (url.pathname.startsWith(base)) {
      const rel = decodeURIComponent(url.pathname.slice(base.length));
      const candidate = path.resolve(root, rel);
      if (candidate.startsWith(path.resolve(root))) {
        file = rel === "" || rel.endsWith("/") ? path.join(candidate, "index.html") : candidate;
        if (!fs.existsSync(file) || !fs.statSync(file).isFile()) file = null;
      }
    }
    const status = file ? 200 : 404;
    file = file || path.join(root, "404.html");
    const type = TYPES[path.extname(file)] || "application/octet-stream";
    res.writeHead(status, { "content-type": type });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Headless Chromium: Debian's, or the one $CHROMIUM names. */
function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
}

/** The built site at `root` served under `base`, and a browser to read it with; `close()`
 * stops both. */
async function openSite(root, base) {
  const server = await serve(root, base);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  const close = async () => {
    await browser.close();
    server.close();
  };
  return { origin, browser, close };
}

/** Every HTML page under `root`, as paths relative to it, sorted. */
function htmlPages(root) {
  const pages = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".html")) pages.push(path.relative(root, full));
    }
  };
  walk(root);
  return pages.sort();
}

module.exports = { serve, launch, openSite, htmlPages };
