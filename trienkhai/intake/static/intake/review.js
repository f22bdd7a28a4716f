// The review page: text selected in the highlighted source fills the "add a missed item" box
// with the selection and its offsets in the text read (the page works without this script:
// the reviewer then pastes the passage into the box).
(function () {
  "use strict";
  var source = document.getElementById("source");
  var box = document.getElementById("add-text");
  var start = document.getElementById("add-start");
  var end = document.getElementById("add-end");
  if (!source || !box || !start || !end) return;

  function offset(node, off) {
    var r = document.createRange();
    r.selectNodeContents(source);
    r.setEnd(node, off);
    return r.toString().length;
  }

  function take() {
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount || sel.isCollapsed) return;
    var range = sel.getRangeAt(0);
    if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) return;
    var text = range.toString();
    if (!text.trim()) return;
    box.value = text;
    start.value = offset(range.startContainer, range.startOffset);
    end.value = offset(range.endContainer, range.endOffset);
    document.getElementById("add-missed").classList.add("filled");
  }

  source.addEventListener("mouseup", take);
  source.addEventListener("keyup", take);
  source.addEventListener("touchend", take);
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (sel && sel.rangeCount && source.contains(sel.anchorNode)) take();
  });
  box.addEventListener("input", function () {
    start.value = "";
    end.value = "";
  });
})();
