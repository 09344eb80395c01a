// Scoring pages: the running total of a score grid while the user types (no inline scripts).
(function () {
  "use strict";
  function parse(value) {
    var number = parseFloat((value || "").trim().replace(",", "."));
    return isNaN(number) ? 0 : number;
  }
  function update(form) {
    var output = form && form.querySelector("[data-live-total]");
    if (!output) { return; }
    var total = 0;
    form.querySelectorAll("input[data-score]").forEach(function (input) { total += parse(input.value); });
    output.textContent = total.toLocaleString(document.documentElement.lang || "vi", { maximumFractionDigits: 2 });
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-score]")) { update(event.target.form); }
  });
  document.querySelectorAll("form [data-live-total]").forEach(function (output) { update(output.closest("form")); });
})();
