// unionsite: behaviour shared by every page. No inline scripts in templates.
(function () {
  "use strict";
  // Ask before a destructive action: <button data-confirm="...">.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // "Select all" checkboxes for bulk actions: <input type="checkbox" data-select-all="name">.
  document.addEventListener("change", function (event) {
    var name = event.target.getAttribute && event.target.getAttribute("data-select-all");
    if (!name) { return; }
    document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
      box.checked = event.target.checked;
    });
  });
  // A table wider than the screen scrolls inside its .table-responsive box: keyboard users reach that
  // box with Tab and scroll it with the arrow keys (WCAG 2.1.1), but only while it does scroll.
  function focusableScrollers() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  focusableScrollers();
  window.addEventListener("resize", focusableScrollers);
  document.addEventListener("htmx:afterSettle", focusableScrollers);
})();
