// Shared behaviour for every page. Feature scripts live in their own files.
// Kept free of inline handlers so the Content Security Policy needs no 'unsafe-inline'.
(function () {
  "use strict";
  // Messages swapped in by htmx responses are announced by the aria-live region in base.html.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("messages");
    if (!box) return;
    var p = document.createElement("p");
    p.className = "message message-error";
    p.setAttribute("role", "alert");
    p.textContent = "The server could not complete that request (" + event.detail.xhr.status + "). Nothing was changed.";
    box.appendChild(p);
  });
})();
