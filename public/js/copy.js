/*
 * Copy buttons. A <button data-copy="text" data-copied-message="…" hidden> is shown when the browser lets pages write
 * to the clipboard; a click copies data-copy and puts data-copied-message into the next [role="status"] element.
 * Without script (or without the clipboard) the button stays hidden and the text on the page is all there is.
 * Plain ES2019, no dependencies, loaded with script-src 'self' on the pages that have such a button.
 */

(function () {
  "use strict";

  function statusAfter(button) {
    var next = button.nextElementSibling;
    while (next && next.getAttribute("role") !== "status") next = next.nextElementSibling;
    return next;
  }

  function setUp(button) {
    if (!navigator.clipboard || typeof navigator.clipboard.writeText !== "function") return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = statusAfter(button);
      navigator.clipboard.writeText(button.getAttribute("data-copy") || "").then(
        function () {
          if (status) status.textContent = button.getAttribute("data-copied-message") || "";
        },
        function () {
          if (status) status.textContent = "";
        },
      );
    });
  }

  document.querySelectorAll("button[data-copy]").forEach(setUp);
})();
