// Fast entry of title registrations (campaigns/registrations/grid.html): a keyboard-friendly grid.
// Tab moves along a row (and past the last cell adds a row), Enter moves down, rows copied from a
// spreadsheet are pasted across cells, and the name and title cells offer matches typed without diacritics.
(function () {
  "use strict";
  var form = document.getElementById("registration-grid");
  if (!form) { return; }
  var body = form.querySelector("[data-grid-body]");
  var template = document.getElementById("grid-row-template");
  var searchUrl = form.getAttribute("data-member-search-url");

  function rows() { return Array.prototype.slice.call(body.querySelectorAll("tr[data-grid-row]")); }
  function cells(row) { return Array.prototype.slice.call(row.querySelectorAll("input:not([type=hidden])")); }

  function renumber() {
    rows().forEach(function (row, index) { row.querySelector("[data-row-number]").textContent = index + 1; });
  }

  function addRow() {
    var row = template.content.querySelector("tr[data-grid-row]").cloneNode(true);
    body.appendChild(row);
    renumber();
    return row;
  }

  function rowAt(index) {
    var all = rows();
    while (all.length <= index) { all.push(addRow()); }
    return all[index];
  }

  form.querySelectorAll("[data-add-rows]").forEach(function (button) {
    button.addEventListener("click", function () {
      var count = parseInt(button.getAttribute("data-add-rows"), 10) || 1;
      var first = null;
      for (var i = 0; i < count; i++) { var row = addRow(); first = first || row; }
      cells(first)[0].focus();
    });
  });

  // Pasting tab-separated lines fills the grid from the focused cell rightwards and downwards.
  form.addEventListener("paste", function (event) {
    var input = event.target;
    var row = input.closest && input.closest("tr[data-grid-row]");
    if (!row) { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (!text || (text.indexOf("\t") === -1 && text.indexOf("\n") === -1)) { return; }
    event.preventDefault();
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    while (lines.length && lines[lines.length - 1].trim() === "") { lines.pop(); }
    var startRow = rows().indexOf(row);
    var startCol = cells(row).indexOf(input);
    lines.forEach(function (line, offset) {
      var target = rowAt(startRow + offset);
      var targetCells = cells(target);
      line.split("\t").forEach(function (value, col) {
        var cell = targetCells[startCol + col];
        if (cell) { cell.value = value.trim(); }
      });
      // A pasted name is matched on the server by name and date of birth, not by a picked id.
      target.querySelector("[data-member-id]").value = "";
    });
    closeSuggestions();
  });

  // Enter moves to the cell below instead of submitting; Tab past the last cell adds a row.
  form.addEventListener("keydown", function (event) {
    var input = event.target;
    var row = input.closest && input.closest("tr[data-grid-row]");
    if (!row || event.defaultPrevented || suggestionsOpenFor(input)) { return; }
    var all = rows();
    var index = all.indexOf(row);
    var col = cells(row).indexOf(input);
    if (event.key === "Enter" || event.key === "ArrowDown") {
      event.preventDefault();
      cells(rowAt(index + 1))[col].focus();
    } else if (event.key === "ArrowUp" && index > 0) {
      event.preventDefault();
      cells(all[index - 1])[col].focus();
    } else if (event.key === "Tab" && !event.shiftKey && index === all.length - 1 && col === cells(row).length - 1) {
      event.preventDefault();
      cells(addRow())[0].focus();
    }
  });

  // Pickers: a short list under the cell. Members come from the server (the union's members whose
  // name contains the text, diacritics ignored); titles from the list embedded in the page.
  var titleData = document.getElementById("title-options");
  var titles = titleData ? JSON.parse(titleData.textContent) : [];
  var list = null;
  var owner = null;
  var active = -1;
  var timer = null;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  function suggestionsOpenFor(input) { return list !== null && owner === input; }

  function closeSuggestions() {
    if (list) { list.remove(); }
    list = null; owner = null; active = -1;
  }

  function items() { return list.querySelectorAll("[role=option]"); }

  function highlight(index) {
    var all = items();
    if (!all.length) { return; }
    active = (index + all.length) % all.length;
    all.forEach(function (item, i) {
      item.classList.toggle("active", i === active);
      item.setAttribute("aria-selected", i === active ? "true" : "false");
    });
  }

  function choose(item) {
    var row = owner.closest("tr[data-grid-row]");
    owner.value = item.getAttribute("data-value");
    if (item.hasAttribute("data-member")) {
      row.querySelector("[data-member-id]").value = item.getAttribute("data-member");
      row.querySelector("[data-birth-date]").value = item.getAttribute("data-born");
    }
    var next = cells(row)[cells(row).indexOf(owner) + (item.hasAttribute("data-member") ? 2 : 1)];
    closeSuggestions();
    if (next) { next.focus(); }
  }

  // options: [{value, label, member?, born?}]
  function show(input, options, testid) {
    closeSuggestions();
    if (!options.length) { return; }
    owner = input;
    list = document.createElement("ul");
    list.className = "list-group position-absolute start-0 top-100 w-100 z-3 shadow-sm";
    list.setAttribute("role", "listbox");
    list.setAttribute("data-testid", testid);
    options.forEach(function (option) {
      var item = document.createElement("li");
      item.className = "list-group-item list-group-item-action py-1 small";
      item.setAttribute("role", "option");
      item.setAttribute("data-value", option.value);
      if (option.member) {
        item.setAttribute("data-member", option.member);
        item.setAttribute("data-born", option.born);
      }
      item.textContent = option.label;
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
      list.appendChild(item);
    });
    input.parentNode.appendChild(list);
    highlight(0);
  }

  function suggestMembers(input) {
    input.closest("tr[data-grid-row]").querySelector("[data-member-id]").value = "";
    window.clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) { closeSuggestions(); return; }
    timer = window.setTimeout(function () {
      fetch(searchUrl + "?q=" + encodeURIComponent(text), { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (document.activeElement !== input) { return; }
          show(input, data.results.map(function (m) {
            return { value: m.name, label: m.born ? m.name + " (" + m.born + ")" : m.name, member: m.id, born: m.born };
          }), "member-suggestions");
        });
    }, 200);
  }

  function suggestTitles(input) {
    var text = fold(input.value);
    if (!text) { closeSuggestions(); return; }
    show(input, titles.filter(function (name) { return fold(name).indexOf(text) !== -1; })
      .map(function (name) { return { value: name, label: name }; }), "title-suggestions");
  }

  form.addEventListener("input", function (event) {
    var input = event.target;
    if (input.hasAttribute("data-member-name")) { suggestMembers(input); }
    else if (input.hasAttribute("data-title")) { suggestTitles(input); }
  });

  form.addEventListener("keydown", function (event) {
    if (!suggestionsOpenFor(event.target)) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Enter" || (event.key === "Tab" && !event.shiftKey)) {
      var item = items()[active];
      if (item) { event.preventDefault(); choose(item); }
    } else if (event.key === "Escape") { closeSuggestions(); }
  }, true);

  form.addEventListener("focusout", function (event) {
    if (suggestionsOpenFor(event.target)) { window.setTimeout(closeSuggestions, 100); }
  });

  // On saving, the rows travel as one JSON field: a grid of 200 rows has over a thousand cells,
  // more fields than Django accepts in one request. The cells themselves are not sent.
  form.addEventListener("submit", function () {
    var packed = rows().map(function (row) {
      var values = {};
      row.querySelectorAll("input[name]").forEach(function (input) { values[input.name] = input.value; });
      return values;
    });
    var field = form.querySelector("input[name=rows_json]") || document.createElement("input");
    field.type = "hidden";
    field.name = "rows_json";
    field.value = JSON.stringify(packed);
    form.appendChild(field);
    body.querySelectorAll("input[name]").forEach(function (input) { input.disabled = true; });
  });
  // Coming back to the page from the browser's history: the cells must be editable again.
  window.addEventListener("pageshow", function () {
    body.querySelectorAll("input[name]").forEach(function (input) { input.disabled = false; });
  });

  // Blank rows shown by the server carry no number; number every row once.
  renumber();
})();
