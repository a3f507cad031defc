/* Samordna: small progressive enhancements. htmx is configured in <meta name="htmx-config">.
   No inline scripts or styles anywhere, so the Content-Security-Policy stays strict. */
(function () {
  "use strict";

  function focusOn(selector) {
    var target = selector && document.querySelector(selector);
    if (!target) { return; }
    if (!target.matches("a, button, input, select, textarea, [tabindex]")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  // After a full page load: an error summary or a confirmation button gets focus.
  function focusInitial(root) {
    var flagged = root.querySelector("[data-autofocus]");
    if (flagged) { flagged.focus(); return true; }
    var form = root.querySelector("form[data-focus]");
    if (form) { focusOn(form.getAttribute("data-focus")); return true; }
    return false;
  }

  document.addEventListener("DOMContentLoaded", function () { focusInitial(document); });

  // After htmx swaps: a new page moves focus to its main heading (or an error summary).
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    var main = document.getElementById("main");
    if (target && target.id === "main" && main) {
      if (!focusInitial(main)) {
        var heading = main.querySelector("h1");
        if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
        else { main.focus(); }
      }
    }
  });

  // The server names where focus should go after a row swap (HX-Trigger-After-Settle).
  document.addEventListener("samordna:focus", function (event) {
    focusOn(event.detail && event.detail.value);
  });
})();
