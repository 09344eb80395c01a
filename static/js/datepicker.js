// unionsite: the calendar popup of day-first date fields (unionsite.dates.DateInput).
// The field stays a text field: typing dd/mm/yyyy is the main way in, and the server parses it.
// The popup is a modal dialog with a grid of days, after the WAI-ARIA date picker dialog pattern:
// arrows move by day, Home/End to the week's start/end, Page Up/Down by month (with Shift by year),
// Enter or Space chooses, Escape closes; focus returns to the calendar button.
(function () {
  "use strict";

  var lang = document.documentElement.lang || "vi";
  var counter = 0;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function format(date) { return pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + date.getFullYear(); }
  function iso(date) { return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()); }
  function sameDay(a, b) { return a && b && iso(a) === iso(b); }
  function addDays(date, n) { return new Date(date.getFullYear(), date.getMonth(), date.getDate() + n); }
  function addMonths(date, n) {
    var target = new Date(date.getFullYear(), date.getMonth() + n, 1);
    var last = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
    return new Date(target.getFullYear(), target.getMonth(), Math.min(date.getDate(), last));
  }

  // The same forms the server accepts (unionsite/dates.py parse_date); null when not a date.
  function parse(text) {
    var m = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/.exec(text || "") ||
      /^\s*(\d{2})(\d{2})(\d{4})\s*$/.exec(text || "");
    var day, month, year;
    if (m) { day = +m[1]; month = +m[2]; year = +m[3]; } else {
      m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text || "");
      if (!m) { return null; }
      year = +m[1]; month = +m[2]; day = +m[3];
    }
    var date = new Date(year, month - 1, day);
    return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date : null;
  }

  function Picker(wrapper) {
    this.wrapper = wrapper;
    this.input = wrapper.querySelector("input[data-date-input]");
    this.button = wrapper.querySelector("[data-datepicker-open]");
    this.labels = wrapper.dataset;
    this.dialog = null;
    var label = this.input.id && document.querySelector('label[for="' + this.input.id + '"]');
    var name = label ? label.textContent.replace(/\*/g, "").trim() : "";
    this.button.setAttribute("aria-label", this.labels.labelOpen + (name ? ": " + name : ""));
    this.button.hidden = false;
    this.button.addEventListener("click", this.toggle.bind(this));
    this.input.addEventListener("keydown", function (event) {
      if (event.altKey && event.key === "ArrowDown") { event.preventDefault(); this.open(); }
    }.bind(this));
    // Show what was understood: 1/2/2026 and 01022026 become 01/02/2026; a wrong date stays as typed
    // for the server to name.
    this.input.addEventListener("change", function () {
      var date = parse(this.input.value);
      if (date && this.input.value !== format(date)) { this.input.value = format(date); }
    }.bind(this));
  }

  Picker.prototype.toggle = function () { if (this.dialog) { this.close(true); } else { this.open(); } };

  Picker.prototype.open = function () {
    this.today = new Date();
    this.selected = parse(this.input.value);
    this.focusDate = this.selected || new Date(this.today.getFullYear(), this.today.getMonth(), this.today.getDate());
    this.build();
    this.render();
    this.button.setAttribute("aria-expanded", "true");
    this.focusCell();
    this.outside = function (event) {
      if (this.dialog && !this.wrapper.contains(event.target)) { this.close(false); }
    }.bind(this);
    document.addEventListener("mousedown", this.outside);
  };

  Picker.prototype.close = function (returnFocus) {
    if (!this.dialog) { return; }
    this.dialog.remove();
    this.dialog = null;
    this.button.setAttribute("aria-expanded", "false");
    document.removeEventListener("mousedown", this.outside);
    if (returnFocus) { this.button.focus(); }
  };

  Picker.prototype.build = function () {
    var id = "datepicker-" + (++counter);
    var dialog = document.createElement("div");
    dialog.className = "dropdown-menu show datepicker";
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-label", this.labels.labelDialog);
    dialog.setAttribute("aria-describedby", id + "-help");
    dialog.innerHTML =
      '<div class="datepicker-header">' +
      '<button type="button" class="btn btn-sm btn-light" data-move="-12"><span aria-hidden="true">«</span></button>' +
      '<button type="button" class="btn btn-sm btn-light" data-move="-1"><span aria-hidden="true">‹</span></button>' +
      '<div class="datepicker-title" id="' + id + '-title" aria-live="polite"></div>' +
      '<button type="button" class="btn btn-sm btn-light" data-move="1"><span aria-hidden="true">›</span></button>' +
      '<button type="button" class="btn btn-sm btn-light" data-move="12"><span aria-hidden="true">»</span></button>' +
      "</div>" +
      '<table role="grid" class="datepicker-grid" aria-labelledby="' + id + '-title"><thead><tr></tr></thead><tbody></tbody></table>' +
      '<p class="visually-hidden" id="' + id + '-help"></p>' +
      '<div class="datepicker-footer">' +
      '<button type="button" class="btn btn-sm btn-link" data-today></button>' +
      '<button type="button" class="btn btn-sm btn-outline-secondary" data-close></button>' +
      "</div>";
    var names = { "-12": "labelPrevYear", "-1": "labelPrevMonth", "1": "labelNextMonth", "12": "labelNextYear" };
    dialog.querySelectorAll("[data-move]").forEach(function (button) {
      button.setAttribute("aria-label", this.labels[names[button.dataset.move]]);
      button.addEventListener("click", function () {
        this.focusDate = addMonths(this.focusDate, +button.dataset.move);
        this.render();
      }.bind(this));
    }, this);
    dialog.querySelector("#" + id + "-help").textContent = this.labels.labelHelp;
    var today = dialog.querySelector("[data-today]");
    today.textContent = this.labels.labelToday;
    today.addEventListener("click", function () { this.choose(this.today); }.bind(this));
    var close = dialog.querySelector("[data-close]");
    close.textContent = this.labels.labelClose;
    close.addEventListener("click", function () { this.close(true); }.bind(this));
    // Monday first, as Vietnamese calendars are printed.
    var head = dialog.querySelector("thead tr");
    // Vietnamese calendars head their columns T2 … CN ("Thứ 2" is too wide); English uses Mon … Sun.
    var short = new Intl.DateTimeFormat(lang, { weekday: lang.indexOf("vi") === 0 ? "narrow" : "short" });
    var long = new Intl.DateTimeFormat(lang, { weekday: "long" });
    for (var i = 0; i < 7; i++) {
      var day = new Date(2024, 0, 1 + i); // 1 January 2024 was a Monday.
      var th = document.createElement("th");
      th.scope = "col";
      th.abbr = long.format(day);
      th.textContent = short.format(day);
      head.appendChild(th);
    }
    dialog.querySelector("tbody").addEventListener("click", function (event) {
      var cell = event.target.closest("td[data-date]");
      if (cell) { this.choose(parse(cell.dataset.date)); }
    }.bind(this));
    dialog.addEventListener("keydown", this.keydown.bind(this));
    this.title = dialog.querySelector(".datepicker-title");
    this.body = dialog.querySelector("tbody");
    this.dialog = dialog;
    this.wrapper.appendChild(dialog);
  };

  Picker.prototype.render = function () {
    var focus = this.focusDate;
    this.title.textContent = new Intl.DateTimeFormat(lang, { month: "long", year: "numeric" }).format(focus);
    var full = new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
    var first = new Date(focus.getFullYear(), focus.getMonth(), 1);
    var start = addDays(first, -((first.getDay() + 6) % 7));
    this.body.textContent = "";
    for (var week = 0; week < 6; week++) {
      var row = document.createElement("tr");
      for (var d = 0; d < 7; d++) {
        var date = addDays(start, week * 7 + d);
        var cell = document.createElement("td");
        if (date.getMonth() === focus.getMonth()) {
          cell.textContent = date.getDate();
          cell.dataset.date = iso(date);
          cell.setAttribute("aria-label", full.format(date));
          cell.tabIndex = sameDay(date, focus) ? 0 : -1;
          if (sameDay(date, this.selected)) { cell.setAttribute("aria-selected", "true"); }
          if (sameDay(date, this.today)) { cell.setAttribute("aria-current", "date"); }
        }
        row.appendChild(cell);
      }
      if (week < 5 || row.querySelector("td[data-date]")) { this.body.appendChild(row); }
    }
  };

  Picker.prototype.focusCell = function () {
    var cell = this.body.querySelector('td[data-date="' + iso(this.focusDate) + '"]');
    if (cell) { cell.focus(); }
  };

  Picker.prototype.choose = function (date) {
    this.input.value = format(date);
    this.input.dispatchEvent(new Event("input", { bubbles: true }));
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
    this.close(false);
    this.input.focus();
  };

  Picker.prototype.keydown = function (event) {
    if (event.key === "Escape") { event.preventDefault(); this.close(true); return; }
    if (event.key === "Tab") { this.trap(event); return; }
    if (!event.target.matches("td[data-date]")) { return; }
    var date = this.focusDate;
    var moves = {
      ArrowLeft: function () { return addDays(date, -1); },
      ArrowRight: function () { return addDays(date, 1); },
      ArrowUp: function () { return addDays(date, -7); },
      ArrowDown: function () { return addDays(date, 7); },
      Home: function () { return addDays(date, -((date.getDay() + 6) % 7)); },
      End: function () { return addDays(date, 6 - ((date.getDay() + 6) % 7)); },
      PageUp: function () { return addMonths(date, event.shiftKey ? -12 : -1); },
      PageDown: function () { return addMonths(date, event.shiftKey ? 12 : 1); },
    };
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.choose(date);
    } else if (moves[event.key]) {
      event.preventDefault();
      this.focusDate = moves[event.key]();
      this.render();
      this.focusCell();
    }
  };

  // A modal dialog keeps Tab inside it.
  Picker.prototype.trap = function (event) {
    var items = Array.prototype.filter.call(
      this.dialog.querySelectorAll("button, td[tabindex='0']"), function (el) { return !el.disabled; }
    );
    var index = items.indexOf(document.activeElement);
    var next = index + (event.shiftKey ? -1 : 1);
    if (next < 0) { next = items.length - 1; }
    if (next >= items.length) { next = 0; }
    event.preventDefault();
    items[next].focus();
  };

  function start(root) {
    root.querySelectorAll("[data-datepicker]").forEach(function (wrapper) {
      if (!wrapper.datepicker) { wrapper.datepicker = new Picker(wrapper); }
    });
  }

  start(document);
  // Forms that htmx swaps in get their calendars too.
  document.addEventListener("htmx:load", function (event) { start(event.target); });
})();
