// Added to every page by `annals serve`, never to a built site: reloads the page when the site
// has been rebuilt, and shows the build's errors over the page while the site cannot be built.
(function () {
  "use strict";
  var shown = document.currentScript && document.currentScript.dataset.build;
  var overlay = null;
  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }
  function show(text) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "annals-errors";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.97);" +
      "color:#f4f4f4;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem";
    var title = document.createElement("p");
    title.style.cssText = "font:600 16px/1.4 system-ui,sans-serif;margin:0 0 1rem;color:#ff8a80";
    title.textContent =
      "The site could not be rebuilt. Fix the file and save: this page reloads by itself. " +
      "(The page below is the last good build.)";
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    pre.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "position:absolute;top:1rem;right:1rem";
    close.addEventListener("click", hide);
    overlay.append(close, title, pre);
    document.body.append(overlay);
  }
  var events = new EventSource("/__annals/events");
  events.addEventListener("reload", function () {
    location.reload();
  });
  // The number of the latest build: a page served before it reloads.
  events.addEventListener("build", function (e) {
    if (shown !== undefined && e.data !== shown) location.reload();
  });
  events.addEventListener("errors", function (e) {
    show(e.data);
  });
})();
