// Notes on a statement page, refined. Without this script every note is already readable: each
// is written once, after the element it annotates, and the stylesheet floats it into the
// margin on wide screens (level with the end of that element), shows it below on narrow ones,
// and gathers the notes at the end in print. This script:
//  - raises each margin note to the line of its reference, as far as the note above allows;
//  - marks a note's passage when the note is hovered or focused, and the reverse;
//  - makes a highlighted passage open (scroll to and focus) its note when clicked;
//  - adds a "Copy link" button beside each note's link.
(function () {
  var text = document.querySelector(".text");
  if (!text) return;
  var notes = Array.prototype.slice.call(text.querySelectorAll(":scope > .note"));
  if (!notes.length) return;
  document.documentElement.classList.add("js-notes");

  // Placement: sequential, because raising one float lets the floats after it rise too.
  function place() {
    notes.forEach(function (n) { n.style.marginTop = ""; });
    if (getComputedStyle(notes[0]).float !== "right") return;
    var above = -Infinity;
    notes.forEach(function (n) {
      var ref = document.getElementById("ref-" + n.id);
      var box = n.getBoundingClientRect();
      var want = ref ? ref.getBoundingClientRect().top : box.top;
      want = Math.max(want, above + 8);
      if (want < box.top) {
        n.style.marginTop = (parseFloat(getComputedStyle(n).marginTop) + want - box.top) + "px";
      }
      above = n.getBoundingClientRect().bottom;
    });
  }
  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; place(); });
  }
  place();
  window.addEventListener("resize", schedule);
  window.addEventListener("load", schedule);
  document.addEventListener("toggle", schedule, true);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(schedule);

  // Partners: a note and the passages (and reference links) it is about.
  function partnersOf(el) {
    var ids = [];
    if (el.matches(".note")) ids = [el.id];
    else if (el.matches("mark.anno")) ids = (el.getAttribute("data-notes") || "").split(/\s+/);
    else if (el.matches(".anno-ref a")) ids = [el.getAttribute("href").slice(1)];
    var found = [];
    ids.filter(Boolean).forEach(function (id) {
      var note = document.getElementById(id);
      if (note && note !== el) found.push(note);
      text.querySelectorAll("mark.anno").forEach(function (m) {
        var own = (m.getAttribute("data-notes") || "").split(/\s+/);
        if (m !== el && own.indexOf(id) >= 0) found.push(m);
      });
    });
    return found;
  }
  var marked = [];
  function mark(target) {
    marked.forEach(function (m) { m.classList.remove("is-partner"); });
    marked = target ? partnersOf(target) : [];
    marked.forEach(function (m) { m.classList.add("is-partner"); });
  }
  var selector = "mark.anno, .anno-ref a, .text > .note";
  text.addEventListener("mouseover", function (e) { mark(e.target.closest(selector)); });
  text.addEventListener("mouseleave", function () { mark(null); });
  text.addEventListener("focusin", function (e) { mark(e.target.closest(selector)); });
  text.addEventListener("focusout", function () { mark(null); });

  // A click on a highlighted passage opens its note: the note becomes the page's target
  // (without a jump when it is already in view) and takes the focus.
  text.addEventListener("click", function (e) {
    var m = e.target.closest("mark.anno");
    if (!m || e.target.closest("a")) return;
    var id = (m.getAttribute("data-notes") || "").split(/\s+/)[0];
    var note = id && document.getElementById(id);
    if (!note) return;
    var r = note.getBoundingClientRect();
    var inView = r.top >= 0 && r.bottom <= window.innerHeight;
    var x = window.scrollX, y = window.scrollY;
    window.location.hash = id;
    if (inView) window.scrollTo(x, y);
    note.focus({ preventScroll: true });
  });

  // "Copy link": the note's permanent address, to the clipboard.
  notes.forEach(function (n) {
    var link = n.querySelector(".note-link");
    if (!link || !navigator.clipboard) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy link";
    button.setAttribute("aria-label", "Copy the link to note " + n.id.replace(/^a-/, ""));
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(link.getAttribute("data-permalink")).then(
        function () { button.textContent = "Copied"; },
        function () { button.textContent = "Copy failed: use the link"; });
    });
    link.after(button);
  });
})();
