// unionsite: type-to-search pickers (unionsite/pickers.py SearchSelect), after the WAI-ARIA combobox
// pattern with a listbox popup. The value lives in a hidden input (several, one per chosen row, for a
// multiple choice); the text field searches the form's own page (?pick=<field>&q=&page=), which
// answers {"results": [{id, text, detail}], "more": bool} from the queryset the form validates with.
// Keys: Down/Up move (Down or Alt+Down opens), Enter chooses, Escape closes (a second Escape clears),
// Tab leaves. More rows load when the list is scrolled or arrowed to its end.
(function () {
  "use strict";

  var DELAY = 200;

  function Picker(root) {
    this.root = root;
    this.input = root.querySelector("[data-picker-input]");
    this.listbox = root.querySelector("[role=listbox]");
    this.status = root.querySelector("[data-picker-status]");
    this.note = root.querySelector("[data-picker-note]");
    this.value = root.querySelector("[data-picker-value]");
    this.chosenList = root.querySelector(".picker-chosen");
    this.multiple = root.hasAttribute("data-multiple");
    this.name = root.dataset.name;
    this.depends = (root.dataset.depends || "").split(" ").filter(Boolean);
    this.labels = root.dataset;
    this.options = [];
    this.active = -1;
    this.page = 0;
    this.more = false;
    this.loading = null;
    this.timer = null;
    this.chosenText = this.input.value;

    this.input.addEventListener("input", this.typed.bind(this));
    this.input.addEventListener("keydown", this.keydown.bind(this));
    this.input.addEventListener("blur", function () {
      // Let a click on an option land first.
      window.setTimeout(this.close.bind(this), 150);
    }.bind(this));
    this.listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { this.choose(this.options.indexOf(option)); }
    }.bind(this));
    this.listbox.addEventListener("scroll", function () {
      var box = this.listbox;
      if (box.scrollTop + box.clientHeight >= box.scrollHeight - 24) { this.loadMore(); }
    }.bind(this));
    root.addEventListener("click", function (event) {
      var remove = event.target.closest("[data-picker-remove]");
      if (remove) {
        remove.closest("li").remove();
        this.input.focus();
      }
    }.bind(this));
    var form = this.input.form;
    this.depends.forEach(function (name) {
      var other = form && form.elements[name];
      if (other && other.addEventListener) {
        other.addEventListener("change", function () { this.clear(); }.bind(this));
      }
    }, this);
  }

  Picker.prototype.url = function (page) {
    var url = new URL(window.location.href);
    url.hash = "";
    url.searchParams.set("pick", this.name);
    url.searchParams.set("q", this.input.value);
    url.searchParams.set("page", String(page));
    var form = this.input.form;
    this.depends.forEach(function (name) {
      var other = form && form.elements[name];
      url.searchParams.set(name, other && other.value ? other.value : "");
    });
    return url.toString();
  };

  Picker.prototype.typed = function () {
    if (!this.multiple && this.value && this.input.value !== this.chosenText) {
      this.value.value = "";  // the text no longer names the chosen row
      this.value.dispatchEvent(new Event("change", { bubbles: true }));
    }
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(this.load.bind(this, 1), DELAY);
  };

  Picker.prototype.load = function (page) {
    var request = this.loading = fetch(this.url(page), {
      headers: { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (data) {
      if (request !== this.loading) { return; }  // a newer search answered first
      this.loading = null;
      this.show(data, page);
    }.bind(this)).catch(function () {
      if (request !== this.loading) { return; }
      this.loading = null;
      this.say(this.labels.labelError);
    }.bind(this));
    return request;
  };

  Picker.prototype.loadMore = function () {
    if (this.more && !this.loading) { return this.load(this.page + 1); }
    return null;
  };

  Picker.prototype.show = function (data, page) {
    if (page === 1) {
      this.listbox.textContent = "";
      this.options = [];
      this.active = -1;
      this.listbox.scrollTop = 0;
    }
    this.page = page;
    this.more = data.more;
    var base = this.input.id + "-option-";
    data.results.forEach(function (row) {
      var option = document.createElement("li");
      option.id = base + this.options.length;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.id = row.id;
      option.dataset.text = row.text;
      var text = document.createElement("span");
      text.textContent = row.text;
      option.appendChild(text);
      if (row.detail) {
        var detail = document.createElement("span");
        detail.className = "picker-detail";
        detail.textContent = row.detail;
        option.appendChild(detail);
      }
      this.listbox.appendChild(option);
      this.options.push(option);
    }, this);
    var count = this.options.length;
    // A listbox holds options only: "nothing found" is a note beside it.
    if (count) { this.open(); } else { this.close(); }
    this.note.hidden = count > 0;
    this.note.textContent = count ? "" : this.labels.labelNone;
    this.say(!count ? this.labels.labelNone :
      (this.more ? this.labels.labelMore : this.labels.labelResults).replace("{count}", count));
  };

  Picker.prototype.say = function (text) {
    this.status.textContent = text;
  };

  Picker.prototype.open = function () {
    this.listbox.hidden = false;
    this.listbox.classList.add("show");
    this.input.setAttribute("aria-expanded", "true");
  };

  Picker.prototype.close = function () {
    this.note.hidden = true;
    this.listbox.hidden = true;
    this.listbox.classList.remove("show");
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.setActive(-1);
  };

  Picker.prototype.isOpen = function () { return !this.listbox.hidden; };

  Picker.prototype.setActive = function (index) {
    if (this.active >= 0 && this.options[this.active]) {
      this.options[this.active].setAttribute("aria-selected", "false");
    }
    this.active = index;
    var option = this.options[index];
    if (option) {
      option.setAttribute("aria-selected", "true");
      this.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Picker.prototype.move = function (step) {
    if (!this.options.length) { return; }
    var next = this.active + step;
    if (next >= this.options.length) {
      var more = this.loadMore();
      if (more) {
        more.then(function () { this.setActive(Math.min(next, this.options.length - 1)); }.bind(this));
        return;
      }
      next = this.options.length - 1;
    }
    this.setActive(Math.max(next, 0));
  };

  Picker.prototype.keydown = function (event) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!this.isOpen()) {
          this.load(1).then(function () { if (!event.altKey) { this.setActive(0); } }.bind(this));
        } else {
          this.move(1);
        }
        break;
      case "ArrowUp":
        if (this.isOpen()) { event.preventDefault(); this.move(-1); }
        break;
      case "Enter":
        if (this.isOpen()) {
          event.preventDefault();  // choosing a row never submits the form
          if (this.active >= 0) { this.choose(this.active); }
        }
        break;
      case "Escape":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.clear();
        }
        break;
      case "Tab":
        this.close();
        break;
    }
  };

  Picker.prototype.choose = function (index) {
    var option = this.options[index];
    if (!option) { return; }
    if (this.multiple) {
      this.add(option.dataset.id, option.dataset.text);
      this.input.value = "";
      this.chosenText = "";
    } else {
      this.value.value = option.dataset.id;
      this.input.value = option.dataset.text;
      this.chosenText = option.dataset.text;
      this.value.dispatchEvent(new Event("change", { bubbles: true }));
    }
    this.close();
    this.say(option.dataset.text);
  };

  Picker.prototype.add = function (id, text) {
    var present = this.chosenList.querySelector('input[value="' + id + '"]');
    if (present) { return; }
    var item = document.createElement("li");
    item.className = "picker-chip";
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = this.name;
    hidden.value = id;
    var label = document.createElement("span");
    label.textContent = text;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn btn-sm btn-link p-0 picker-remove";
    remove.setAttribute("data-picker-remove", "");
    remove.setAttribute("aria-label", this.labels.labelRemove + ": " + text);
    remove.innerHTML = '<span aria-hidden="true">×</span>';
    item.appendChild(hidden);
    item.appendChild(label);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(remove);
    this.chosenList.appendChild(item);
  };

  Picker.prototype.clear = function () {
    this.input.value = "";
    this.chosenText = "";
    if (this.value && this.value.value) {
      this.value.value = "";
      this.value.dispatchEvent(new Event("change", { bubbles: true }));
    }
    this.close();
  };

  document.querySelectorAll("[data-picker]").forEach(function (root) { root.picker = new Picker(root); });
})();
