// awards: on the nomination form, offer only the members of the chosen union.
(function () {
  "use strict";
  function filterMembers(form) {
    var unit = form.querySelector('select[name="unit"]');
    var member = form.querySelector('select[name="member"]');
    if (!unit || !member) { return; }
    member.querySelectorAll("option[data-unit]").forEach(function (option) {
      var other = unit.value !== "" && option.getAttribute("data-unit") !== unit.value;
      option.hidden = other;
      option.disabled = other;
      if (other && option.selected) { member.value = ""; }
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches('select[name="unit"]')) {
      filterMembers(event.target.form);
    }
  });
  document.querySelectorAll('select[name="unit"]').forEach(function (unit) {
    if (unit.form) { filterMembers(unit.form); }
  });
})();
