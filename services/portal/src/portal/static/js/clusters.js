/* Journey 4, an enhancement of forms that work without it: each form sends once; a score sheet shows
   its running total (criteria + bonus − penalty) as points are typed. */
(function () {
  "use strict";

  function sendOnce(form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending === "1") {
        event.preventDefault();
        return;
      }
      form.dataset.sending = "1";
      form.setAttribute("aria-busy", "true");
    });
  }

  function number(text) {
    var value = parseFloat(String(text).replace(/\s/g, "").replace(",", "."));
    return isNaN(value) ? 0 : value;
  }

  function runningTotal(form) {
    var box = form.querySelector(".total");
    var shown = form.querySelector("[data-total]");
    if (!box || !shown) {
      return;
    }
    function update() {
      var total = 0;
      form.querySelectorAll("tr[data-part] input.points").forEach(function (input) {
        var part = input.closest("tr").dataset.part;
        total += (part === "penalties" ? -1 : 1) * number(input.value);
      });
      shown.textContent = String(Math.round(total * 100) / 100).replace(".", ",");
      box.hidden = false;
    }
    form.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("form.once").forEach(sendOnce);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {  // back to a page kept in memory: its forms may be sent again
      document.querySelectorAll("form.once").forEach(function (form) {
        delete form.dataset.sending;
        form.removeAttribute("aria-busy");
      });
    }
  });
  document.querySelectorAll("form[data-sheet]").forEach(runningTotal);
})();
