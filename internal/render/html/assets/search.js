/* smsgen offline search: the index arrives as window.SMSGEN_SEARCH from
   search-index.js (a classic script), so nothing is fetched. Query words match
   as prefixes of indexed words (case and diacritics folded); every word must
   match; title hits rank first, then headings, then body text. */
(function () {
  "use strict";
  var W_TITLE = 100, W_HEAD = 20, W_BODY = 1, LIMIT = 100;
  var idx = window.SMSGEN_SEARCH;
  var terms = idx ? idx.terms.split(" ") : [];
  var cache = {};

  function fold(s) {
    return String(s).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length >= 2 || /^\d/.test(w); });
  }
  function lowerBound(t) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < t) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  function postings(i) {
    var p = cache[i];
    if (p) return p;
    var parts = idx.post[i].split(","), doc = 0;
    p = new Array(parts.length);
    for (var k = 0; k < parts.length; k++) {
      var n = parseInt(parts[k], 36);
      doc += Math.floor(n / 8);
      p[k] = doc * 8 + (n % 8);
    }
    cache[i] = p;
    return p;
  }
  function search(q) {
    var ws = words(q);
    if (!ws.length || !idx) return [];
    var acc = null;
    ws.forEach(function (w) {
      var scores = new Map();
      for (var i = lowerBound(w); i < terms.length && terms[i].lastIndexOf(w, 0) === 0; i++) {
        var exact = terms[i].length === w.length ? 1.5 : 1;
        var p = postings(i);
        for (var k = 0; k < p.length; k++) {
          var d = Math.floor(p[k] / 8), m = p[k] % 8;
          var s = ((m & 4) ? W_TITLE : 0) + ((m & 2) ? W_HEAD : 0) + ((m & 1) ? W_BODY : 0);
          s *= exact;
          var old = scores.get(d);
          if (old === undefined || s > old) scores.set(d, s);
        }
      }
      if (acc === null) { acc = scores; return; }
      var next = new Map();
      acc.forEach(function (s, d) { var t = scores.get(d); if (t !== undefined) next.set(d, s + t); });
      acc = next;
    });
    var out = [];
    acc.forEach(function (s, d) { out.push([d, s]); });
    out.sort(function (a, b) { return b[1] - a[1] || (idx.docs[a[0]][1] < idx.docs[b[0]][1] ? -1 : 1); });
    return out;
  }
  window.smsgenSearch = search;

  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list) return;

  function show(q) {
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!fold(q).trim()) { status.textContent = ""; return; }
    var res = search(q);
    status.textContent = res.length ? res.length + " " + ((res.length === 1 && status.getAttribute("data-result")) || status.getAttribute("data-results")) : status.getAttribute("data-none");
    res.slice(0, LIMIT).forEach(function (r) {
      var e = idx.docs[r[0]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e[0];
      a.textContent = e[1];
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " · " + e[2];
      li.appendChild(a);
      li.appendChild(kind);
      if (e[3]) {
        var p = document.createElement("p");
        p.className = "snip";
        p.textContent = e[3];
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  var top = document.getElementById("q-top");
  if (top) top.value = q;
  show(q);
  // time from navigation start until the index was loaded and the query in the URL answered
  window.smsgenReady = performance.now();
  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 120);
  });
  if (form) form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    show(input.value);
    if (history.replaceState) {
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) { /* file: may refuse */ }
    }
  });
  input.focus();
})();
