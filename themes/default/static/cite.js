// "Cite this": fills in today's date as the access date, and adds the paragraph or note the
// reader is looking at (#p3, #a-…) to the cited address, with a button to copy the citation
// ("Copy citation to ¶3"), also shown beside the paragraph whose number was followed. Without
// JavaScript the reference reads "[date of access]" and cites the page; every paragraph number
// is a link to its own address. Folded parts of the page (the full record, furniture) are
// opened for printing.
(function () {
  var citation = document.querySelector(".citation");
  if (!citation) return;
  var date = citation.querySelector(".access-date");
  var text = citation.querySelector(".citation-text");
  var permalink = citation.dataset.permalink;
  var base = text.textContent;
  if (date) {
    date.textContent = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }
  var canCopy = !!navigator.clipboard;
  function copyButton(label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy";
    b.textContent = label;
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(citation.textContent.replace(/\s+/g, " ").trim()).then(
        function () { b.textContent = "Copied"; },
        function () { b.textContent = "Copy failed: select the text"; });
    });
    return b;
  }
  var main = canCopy ? copyButton("Copy citation") : null;
  if (main) citation.after(main);
  var beside = null;
  function update() {
    var hash = window.location.hash;
    var cited = /^#(p\d+|a-[a-z0-9-]+)$/.test(hash) ? permalink + hash : permalink;
    text.textContent = base.replace(permalink, cited);
    var p = /^#p(\d+)$/.exec(hash);
    var label = p ? "Copy citation to ¶" + p[1] : "Copy citation";
    if (main) main.textContent = label;
    if (beside) { beside.remove(); beside = null; }
    var block = p && document.getElementById("p" + p[1]);
    if (canCopy && block) {
      beside = copyButton(label);
      beside.classList.add("copy-beside");
      block.appendChild(beside);
    }
  }
  window.addEventListener("hashchange", update);
  update();

  // Printing: the folded record and furniture print open, then fold again.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
