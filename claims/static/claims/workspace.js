// The article workspace: highlights and claim rows select each other, and a text selection
// in the article fills the "Add a claim" form with its offsets. Everything here enhances
// forms that already work without JavaScript.
(function () {
  "use strict";

  function codePoints(text) {
    // The server counts characters in code points; JavaScript strings count UTF-16 units.
    return Array.from(text).length;
  }

  function clearSelection() {
    document.querySelectorAll(".is-selected").forEach(function (el) {
      el.classList.remove("is-selected");
    });
  }

  function marksFor(id) {
    return Array.prototype.filter.call(
      document.querySelectorAll("#article-body mark[data-claim-ids]"),
      function (mark) { return mark.dataset.claimIds.split(" ").indexOf(String(id)) !== -1; }
    );
  }

  function selectClaim(id, from) {
    clearSelection();
    var row = document.getElementById("claim-" + id);
    var marks = marksFor(id);
    marks.forEach(function (mark) { mark.classList.add("is-selected"); });
    if (row) row.classList.add("is-selected");
    if (from === "mark" && row) {
      row.scrollIntoView({ block: "nearest", behavior: "smooth" });
      row.focus({ preventScroll: true });
    } else if (from === "row" && marks.length) {
      marks[0].scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  }

  // Offset in the article body of a DOM position inside #article-body.
  function bodyOffset(body, node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      var seg = node.parentElement.closest("[data-start]");
      if (!seg || !body.contains(seg)) return null;
      return Number(seg.dataset.start) + codePoints(node.data.slice(0, offset));
    }
    var el = node;
    if (el === body) {
      var child = body.children[offset];
      return child ? Number(child.dataset.start) : Number(body.dataset.length);
    }
    var segment = el.closest ? el.closest("[data-start]") : null;
    if (!segment || !body.contains(segment)) return null;
    return Number(segment.dataset.start) + (offset > 0 ? codePoints(segment.textContent) : 0);
  }

  function onSelection() {
    var body = document.getElementById("article-body");
    var form = document.getElementById("add-claim-form");
    var selection = window.getSelection();
    if (!body || !form || !selection || selection.isCollapsed || !selection.rangeCount) return;
    var range = selection.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) return;
    var start = bodyOffset(body, range.startContainer, range.startOffset);
    var end = bodyOffset(body, range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    form.querySelector("[name=start]").value = start;
    form.querySelector("[name=end]").value = end;
    var quote = form.querySelector("[name=quote]");
    quote.value = selection.toString();
    var occurrence = form.querySelector("[name=occurrence]");
    if (occurrence) occurrence.value = "";
    form.classList.add("has-selection");
    // The form folds away until needed; a selection is a request for it.
    var details = document.getElementById("add-claim");
    if (details) details.open = true;
    var button = document.getElementById("add-claim-button");
    if (button) button.textContent = "Add selected text as a claim";
  }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest("#article-body mark[data-claim-id]");
    if (mark) {
      if (!window.getSelection().isCollapsed) return;  // selecting text, not picking a claim
      selectClaim(mark.dataset.claimId, "mark");
      return;
    }
    var row = event.target.closest(".claim-row");
    if (row && !event.target.closest("form, a, button, summary, input, textarea, select")) {
      selectClaim(row.dataset.claimId, "row");
    }
  });

  // Opening "Add a claim" from its button puts the cursor in the quote box. (Highlights are not
  // tab stops: each claim's row in the list carries the same claim with named controls.)
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.id !== "add-claim" || !details.open) return;
    var summary = details.querySelector("summary");
    if (document.activeElement !== summary) return;
    var quote = details.querySelector("[name=quote]");
    if (quote && !quote.value) quote.focus();
  }, true);

  // A drag can end outside the article; onSelection checks the range itself.
  document.addEventListener("mouseup", onSelection);
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey && event.target.closest && event.target.closest("#article-body")) onSelection();
  });

  // Typing in the quote box means the person is not using the selection any more.
  document.addEventListener("input", function (event) {
    if (event.target.name !== "quote" || !event.target.closest("#add-claim-form")) return;
    var form = event.target.closest("form");
    form.querySelector("[name=start]").value = "";
    form.querySelector("[name=end]").value = "";
    form.classList.remove("has-selection");
    var button = document.getElementById("add-claim-button");
    if (button) button.textContent = "Add claim";
  });

  // A refused correction (409 stale, 422 invalid) carries the form with the person's input:
  // show it instead of dropping it, as htmx does by default for error statuses.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
