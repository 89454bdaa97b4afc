// The search page: Pagefind's interface over the archive's index (and the indexes of
// statements in other languages, merged in), started with the query from ?q= if any.
//
// Each statement is one result; its paragraphs (titled ¶N, linking to #pN) and its notes are
// its sub-results. Of those, the paragraphs that match come first and the notes after them,
// each once, at most three in all. On narrow screens the filters are folded behind a button,
// so that the results come first.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var merge = JSON.parse(element.dataset.merge || "[]").map(function (m) {
    return { bundlePath: m.bundle, language: m.language };
  });
  var SHOWN = 3;
  function byMatches(a, b) {
    return b.locations.length - a.locations.length;
  }
  function processResult(result) {
    var page = (result.meta && result.meta.url) || result.url;
    var seen = {};
    var subs = (result.sub_results || []).filter(function (s) {
      if (seen[s.url]) return false;
      seen[s.url] = true;
      return true;
    });
    var head = subs.length && subs[0].url === page ? [subs.shift()] : [];
    var paragraph = function (s) { return /#p\d+$/.test(s.url); };
    var paragraphs = subs.filter(paragraph).sort(byMatches).slice(0, SHOWN);
    var notes = subs.filter(function (s) { return !paragraph(s); }).sort(byMatches)
      .slice(0, Math.max(0, SHOWN - paragraphs.length));
    result.sub_results = head.concat(paragraphs, notes);
    return result;
  }
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: element.dataset.bundle,
    mergeIndex: merge,
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: true,
    processResult: processResult,
  });
  var toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "filters-toggle";
  toggle.setAttribute("aria-expanded", "false");
  toggle.textContent = "Filters: year, issuer, topic, kind of note";
  toggle.addEventListener("click", function () {
    var open = element.classList.toggle("filters-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
  element.before(toggle);
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
});
