/* smsgen offline site: classic script, no network, no modules. */
(function () {
  "use strict";

  // Warn when the page is opened from inside a zip preview (Windows Explorer,
  // archive managers extract single files to temporary folders).
  function zipWarning() {
    var el = document.getElementById("zip-warning");
    if (!el || location.protocol !== "file:") return;
    var p = decodeURIComponent(location.pathname).toLowerCase();
    if (/\.zip[\/\\]/.test(p) || /[\/\\]temp\d*_[^\/\\]*\.zip/.test(p) || /[\/\\]rar\$|[\/\\]7z[a-z0-9]{3,}[\/\\]|[\/\\]\.?zip[-_]?preview|\/tmp\/[^\/]*zip/.test(p) ||
        /[\/\\](appdata[\/\\]local[\/\\]temp|temporary internet files)[\/\\]/.test(p) && /zip/.test(p)) {
      el.hidden = false;
    }
  }

  function fold(s) {
    return String(s).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  // Register tables: filter by text and by the value of a column (every
  // select.f-col: its data-col is the cell index; an option with data-empty
  // keeps the empty cells), the filters combined; sort by column.
  function tables() {
    var table = document.getElementById("reg-table");
    if (!table || !table.tBodies.length) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (r) { return fold(r.textContent); });
    var filters = document.getElementById("filters");
    var input = document.getElementById("f-text");
    var cols = Array.prototype.slice.call(document.querySelectorAll("select.f-col"));
    var status = document.getElementById("f-status"); // layouts of earlier versions
    if (status && cols.indexOf(status) < 0) cols.push(status);
    var count = document.getElementById("f-count");
    if (filters) filters.hidden = false;
    function cellText(row, col) {
      var cell = row.cells[col];
      return cell ? cell.textContent.trim() : "";
    }
    function apply() {
      var words = input ? fold(input.value).split(/\s+/).filter(Boolean) : [];
      var picks = [];
      cols.forEach(function (sel) {
        var opt = sel.options[sel.selectedIndex];
        if (!opt || (!sel.value && !opt.hasAttribute("data-empty"))) return;
        picks.push({ col: parseInt(sel.getAttribute("data-col"), 10), want: opt.hasAttribute("data-empty") ? "" : sel.value });
      });
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var ok = true;
        for (var w = 0; w < words.length && ok; w++) ok = texts[i].indexOf(words[w]) >= 0;
        for (var k = 0; k < picks.length && ok; k++) ok = picks[k].col >= 0 && cellText(rows[i], picks[k].col) === picks[k].want;
        rows[i].hidden = !ok;
        if (ok) shown++;
      }
      if (count) count.textContent = shown + " " + ((shown === 1 && count.getAttribute("data-label-one")) || count.getAttribute("data-label")) + " " + rows.length;
    }
    if (input) input.addEventListener("input", apply);
    cols.forEach(function (sel) { sel.addEventListener("change", apply); });
    apply();

    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, idx) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var numeric = th.classList.contains("num");
        var keyed = rows.map(function (r, i) {
          var c = r.cells[idx];
          var k = c ? (c.getAttribute("data-sort") || c.textContent.trim()) : "";
          return { r: r, k: k, n: numeric || c && c.hasAttribute("data-sort") && /^-?[\d.]+$/.test(k) ? parseFloat(k) : NaN, i: i };
        });
        keyed.sort(function (a, b) {
          var x;
          if (!isNaN(a.n) && !isNaN(b.n)) x = a.n - b.n;
          else x = a.k.localeCompare(b.k, document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" });
          if (x === 0) x = a.i - b.i;
          return dir === "ascending" ? x : -x;
        });
        var frag = document.createDocumentFragment();
        keyed.forEach(function (e) { frag.appendChild(e.r); });
        body.appendChild(frag);
      });
    });
  }

  zipWarning();
  tables();
})();
