// The search page: Pagefind's interface over the archive's index (and the indexes of
// statements in other languages, merged in), started with the query from ?q= if any.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var merge = JSON.parse(element.dataset.merge || "[]").map(function (m) {
    return { bundlePath: m.bundle, language: m.language };
  });
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: element.dataset.bundle,
    mergeIndex: merge,
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: true,
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
});
