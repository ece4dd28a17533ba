// Progressive enhancement of the office's and the council's forms (they all work without it):
// a form posts once (a double click sends one request), and a ballot shown again from the
// browser's history is emptied (the page is never cached, this is a second guard).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") {
      return;
    }
    if (form.dataset.sent === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    form.setAttribute("aria-busy", "true");
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form").forEach(function (form) {
      delete form.dataset.sent;
      form.removeAttribute("aria-busy");
      if (form.classList.contains("ballot")) {
        form.reset();
      }
    });
  });
})();
