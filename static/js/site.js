// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the first error summary so screen-reader users hear what went wrong.
  const summary = document.querySelector(".error-summary, .field-error");
  if (summary) {
    const input = summary.querySelector("input, select, textarea");
    (input || summary).focus?.();
  }

  // A select that depends on another (carres.widgets.DependentSelect: the towns of a region)
  // offers only the options of the parent's choice, and forgets a choice the parent rules out.
  document.querySelectorAll("select[data-depends-on]").forEach((select) => {
    const parent = select.form?.elements.namedItem(select.dataset.dependsOn);
    if (!parent) return;
    const options = Array.from(select.options);
    const offer = () => {
      const chosen = select.value;
      select.replaceChildren(
        ...options.filter((option) => !option.dataset.parent || !parent.value || option.dataset.parent === parent.value),
      );
      select.value = Array.from(select.options).some((option) => option.value === chosen) ? chosen : "";
    };
    parent.addEventListener("change", offer);
    offer();
  });

  // A wizard step (it shows the steps' progress) asks before the page is left with changes
  // that were typed but not saved; saving or going to another step by its buttons does not.
  if (document.querySelector(".wizard-progress")) {
    let unsaved = false;
    document.querySelectorAll("main form[method=post]").forEach((form) => {
      form.addEventListener("input", () => { unsaved = true; });
      form.addEventListener("change", () => { unsaved = true; });
      form.addEventListener("submit", () => { unsaved = false; });
    });
    window.addEventListener("beforeunload", (event) => {
      if (unsaved) {
        event.preventDefault();
        event.returnValue = "";  // older browsers need it set to show their warning
      }
    });
  }
});
