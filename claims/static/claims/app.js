// Shared behaviour for every page. Feature scripts live in their own files.
// Kept free of inline handlers so the Content Security Policy needs no 'unsafe-inline'.
(function () {
  "use strict";

  // On a phone the header's menu starts folded (the <details> is open in the markup, so it
  // works without JavaScript and always shows on wide screens, where its toggle is hidden).
  var menu = document.querySelector(".site-menu");
  var narrow = window.matchMedia("(max-width: 700px)");
  if (menu && narrow.matches) menu.removeAttribute("open");
  narrow.addEventListener("change", function (event) {
    if (menu && !event.matches) menu.setAttribute("open", "");
  });

  function region() {
    return document.getElementById("messages");
  }

  // A failed request is announced through the one live region, replacing what was there.
  document.addEventListener("htmx:responseError", function (event) {
    var box = region();
    if (!box) return;
    var p = document.createElement("p");
    p.className = "message message-error";
    p.textContent = "The server could not complete that request (" + event.detail.xhr.status + "). Nothing was changed.";
    box.replaceChildren(p);
  });

  // Focus after a swap. A swap that replaces the control the user pressed drops focus to
  // <body>, which throws keyboard and screen-reader users back to the top of the page. Where
  // focus is lost we move it, in this order: the first invalid field of the swapped region, an
  // element the response marked with data-focus-after-swap, the control with the id the user
  // was on, and last the swapped region itself.
  var lastFocusedId = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    lastFocusedId = active && active !== document.body && active.id ? active.id : null;
  });

  function focusable(el) {
    if (!el) return null;
    if (el.tabIndex < 0 && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    return el;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target || !document.contains(target)) target = null;
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    var scope = target || document;
    var next =
      scope.querySelector('[aria-invalid="true"]') ||
      document.querySelector("[data-focus-after-swap]") ||
      (lastFocusedId && document.getElementById(lastFocusedId)) ||
      focusable(target) ||
      focusable(region());
    if (next) {
      next.focus({ preventScroll: false });
      var marked = document.querySelectorAll("[data-focus-after-swap]");
      for (var i = 0; i < marked.length; i++) marked[i].removeAttribute("data-focus-after-swap");
    }
  });

  // A table too wide for a phone scrolls in its own box (app.css); keyboard users can only
  // scroll it once it takes focus (WCAG 2.1.1), so such a box gets tabindex=0 while it
  // overflows, and loses it again when it fits.
  function scrollableTables() {
    var boxes = document.querySelectorAll(".data-table, .changes, .chart-box");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
      } else if (!overflows && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    }
  }
  scrollableTables();
  document.addEventListener("htmx:afterSettle", scrollableTables);
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(scrollableTables, 150);
  });
})();
