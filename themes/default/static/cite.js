// "Cite this": fills in today's date as the access date, and adds the paragraph or note the
// reader is looking at (#p3, #a-…) to the cited address. Without JavaScript the reference
// reads "[date of access]" and cites the page.
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
  function update() {
    var hash = window.location.hash;
    var cited = /^#(p\d+|a-[a-z0-9-]+)$/.test(hash) ? permalink + hash : permalink;
    text.textContent = base.replace(permalink, cited);
  }
  window.addEventListener("hashchange", update);
  update();
})();
