// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the first error summary so screen-reader users hear what went wrong.
  const summary = document.querySelector(".error-summary, .field-error");
  if (summary) {
    const input = summary.querySelector("input, select, textarea");
    (input || summary).focus?.();
  }
});
