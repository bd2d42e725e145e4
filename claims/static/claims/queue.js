// Keyboard shortcuts for the queue and the claim page: j/k move, Enter opens, n takes the next
// claim ("Review next"), / searches. Each works only where its target is on the page.
// Everything here is an enhancement: the links and the "Review next" button work without it.
(function () {
  "use strict";
  var selected = -1;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#queue-table tbody tr.queue-row"));
  }

  function select(index) {
    var all = rows();
    if (!all.length) return;
    index = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (row) {
      row.classList.remove("is-selected");
      row.removeAttribute("aria-selected");
    });
    var row = all[index];
    row.classList.add("is-selected");
    row.setAttribute("aria-selected", "true");
    var link = row.querySelector("a.claim-link");
    if (link) link.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
    selected = index;
  }

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  // WCAG 2.1.4: single-key shortcuts can be turned off; the choice is kept in localStorage.
  var STORE = "factcheck.shortcuts";
  function enabled() {
    try {
      return window.localStorage.getItem(STORE) !== "off";
    } catch (e) {
      return true;
    }
  }

  function addToggle() {
    var host =
      document.getElementById("shortcuts-panel") ||
      document.getElementById("keyboard-shortcuts") ||
      document.getElementById("review-next-form");
    if (!host || document.getElementById("shortcuts-toggle")) return;
    var label = document.createElement("label");
    label.className = "shortcuts-toggle";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.id = "shortcuts-toggle";
    box.checked = enabled();
    box.addEventListener("change", function () {
      try {
        window.localStorage.setItem(STORE, box.checked ? "on" : "off");
      } catch (e) {
        /* storage refused: the shortcuts stay as they were */
      }
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" Single-key shortcuts on"));
    host.appendChild(label);
  }
  addToggle();

  // A focused button or link is a control the user means to use: n there must not take work.
  function onControl(target) {
    return !!(target && target.tagName && /^(A|BUTTON|SUMMARY)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (!enabled()) return;
    if (event.key === "j") {
      event.preventDefault();
      select(selected + 1);
    } else if (event.key === "k") {
      event.preventDefault();
      select(selected < 0 ? 0 : selected - 1);
    } else if (event.key === "Enter" && selected >= 0) {
      var row = rows()[selected];
      if (row && !(event.target && event.target.tagName === "A")) {
        event.preventDefault();
        window.location.assign(row.getAttribute("data-href"));
      }
    } else if (event.key === "n" && !onControl(event.target)) {
      var form = document.getElementById("review-next-form");
      if (form) {
        event.preventDefault();
        form.requestSubmit();
      }
    } else if (event.key === "/") {
      var search = document.getElementById("id_q");
      if (search) {
        event.preventDefault();
        search.focus();
      }
    }
  });

  // Lets tests (and curious users in devtools) see that the shortcuts are live.
  document.documentElement.setAttribute("data-queue-keys", "ready");

  // A new page of results starts with nothing selected.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "queue-results") selected = -1;
  });
})();
