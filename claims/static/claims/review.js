// The claim page and the rating scale: let htmx show the server's answer to a stale form
// (409, "someone else changed this") and to bad input (422) in place, with the user's input
// kept, instead of treating them as failures and swapping nothing.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
