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
  // A form that saves is sent once: its buttons are disabled while it is on its way. The server
  // refuses a second sending anyway (a one-time token per form: unionsite/submissions.py); this only
  // spares the user a second wait. Coming back with the browser's Back button enables them again.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") { return; }
    window.setTimeout(function () {
      form.querySelectorAll('button[type="submit"], input[type="submit"]').forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form [type=submit][disabled]").forEach(function (button) {
      button.disabled = false;
    });
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
  // Progress bars: <div class="progress-bar" data-progress="37">. The width is set here, not in a
  // style="" attribute, which the Content-Security-Policy refuses (settings.CONTENT_SECURITY_POLICY).
  function progressBars() {
    document.querySelectorAll("[data-progress]").forEach(function (bar) {
      var percent = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-progress")) || 0));
      bar.style.width = percent + "%";
    });
  }
  progressBars();
  document.addEventListener("htmx:afterSettle", progressBars);
})();
