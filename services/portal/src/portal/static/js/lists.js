// The unit's list pages: a form marked `lists-once` sends once; its button waits while the page loads.
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("lists-once")) return;
  if (form.dataset.sent === "1") {
    event.preventDefault(); // a second click: the first submission is on its way
    return;
  }
  form.dataset.sent = "1";
  form.querySelectorAll("button[type=submit]").forEach((button) => button.setAttribute("aria-busy", "true"));
});
window.addEventListener("pageshow", () => {
  // back to a page kept in the browser's cache: its forms may be sent again
  document.querySelectorAll("form.lists-once").forEach((form) => delete form.dataset.sent);
});
