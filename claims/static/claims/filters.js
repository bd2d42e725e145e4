// Filter forms of the list pages (queue, desk report, articles). An enhancement only: the forms
// are plain GET forms that work without it.
//
// 1. Back and Forward: htmx restores a page from a snapshot of its HTML, and a snapshot keeps
//    the value a field was rendered with, not what was typed since; so after "search, then
//    change a filter", Back showed the searched list under an empty search box. On every
//    history step the form marked data-restore-from-url is filled in again from the address.
//    A field whose URL parameter has another name says so in data-query-name.
// 2. Phones: a <details data-fold-below="700"> holding filters is folded on screens that
//    narrow and always open on wider ones (without JavaScript it stays open).
(function () {
  "use strict";

  function refill(form) {
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || /^(hidden|submit|button|reset|file)$/.test(el.type)) return;
      var key = el.getAttribute("data-query-name") || el.name;
      var value = params.has(key) ? params.get(key) : params.has(el.name) ? params.get(el.name) : null;
      if (el.tagName === "SELECT") {
        // A missing parameter means the field's default, its first option.
        if (value === null) el.selectedIndex = 0;
        else el.value = value;
        if (el.selectedIndex < 0) el.selectedIndex = 0;
      } else if (el.type === "checkbox" || el.type === "radio") {
        el.checked = value !== null && value === el.value;
      } else {
        el.value = value === null ? "" : value;
      }
    });
  }

  function fold(details) {
    var limit = parseInt(details.getAttribute("data-fold-below"), 10) || 700;
    details.open = !window.matchMedia("(max-width: " + limit + "px)").matches;
  }

  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  function restore() {
    each("form[data-restore-from-url]", refill);
    each("details[data-fold-below]", fold);
  }

  each("details[data-fold-below]", function (details) {
    fold(details);
    var limit = parseInt(details.getAttribute("data-fold-below"), 10) || 700;
    window.matchMedia("(max-width: " + limit + "px)").addEventListener("change", function () {
      each("details[data-fold-below]", fold);
    });
  });
  // The server rendered the form from the address; the browser may still refill typed values.
  each("form[data-restore-from-url]", refill);

  document.addEventListener("htmx:historyRestore", restore);
  window.addEventListener("popstate", function () {
    // After htmx has put the restored page in place.
    window.setTimeout(restore, 0);
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) restore();
  });
})();
