/* smsgen offline search: the index arrives as window.SMSGEN_SEARCH from
   search-index.js (a classic script), so nothing is fetched. Query words match
   as prefixes of indexed words (case and diacritics folded); every word must
   match; title hits rank first, then headings, then body text, and results of
   equal rank come in the order of the index. The texts the results quote come
   from the shards in search/ (classic scripts too, added only for the results
   shown): the passage with the most query words is shown with them marked.
   The records of a large (grouped) register have their entries (URL, title)
   in those shards too, not in the index: idx.runs lists them as [first
   entry, count, kind], and idx.docs holds every other entry in order. The
   terms and postings of a large index are in idx.buckets files
   (search/terms/B.js, B a hash of a term's first two characters, as the
   generator computes it: termBucket), loaded for the words of a query. */
(function () {
  "use strict";
  var W_TITLE = 100, W_HEAD = 20, W_BODY = 1, LIMIT = 100;
  var idx = window.SMSGEN_SEARCH;
  var runs = (idx && idx.runs) || [];
  // a table of sorted terms and their postings: the index's own, or those
  // of a bucket
  function table(o) {
    return { terms: o && o.terms ? o.terms.split(" ") : [], post: (o && o.post) || [], cache: {} };
  }
  var main = table(idx);
  var NB = (idx && idx.buckets) || 0, buckets = {}, loading = {};
  // fnv(s): FNV-1a (32 bits) of the UTF-8 bytes of s
  function fnv(s) {
    var h = 0x811c9dc5, b = new TextEncoder().encode(s);
    for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
    return h;
  }
  function bucketIn(t, n) { return fnv(Array.from(t).slice(0, 2).join("")) % n; }
  function termBucket(t) { return bucketIn(t, NB); }
  window.smsgenTermBucket = bucketIn;
  // the buckets the words of a query need: a word of two characters or more
  // needs its own; one of one character, every bucket of a term starting
  // with it
  function wordBuckets(w) {
    return Array.from(w).length >= 2 ? [termBucket(w)] : ((idx.firsts && idx.firsts[w]) || []);
  }
  function bucketsOf(ws) {
    var out = [];
    ws.forEach(function (w) {
      wordBuckets(w).forEach(function (b) { if (out.indexOf(b) < 0) out.push(b); });
    });
    return out;
  }
  function tablesOf(w) {
    if (!NB) return [main];
    return wordBuckets(w).map(function (b) { return buckets[b]; }).filter(Boolean);
  }
  // need(ws, fn): fn() once the buckets of the words ws are loaded (at once
  // when the index holds its terms)
  function need(ws, fn) {
    if (!NB || !idx) { fn(); return; }
    var left = 1;
    function one() { if (--left === 0) fn(); }
    bucketsOf(ws).forEach(function (b) {
      if (buckets[b]) return;
      left++;
      if (loading[b]) { loading[b].push(one); return; }
      loading[b] = [one];
      var sc = document.createElement("script");
      sc.src = base + "search/terms/" + b + ".js";
      sc.onload = sc.onerror = function () {
        buckets[b] = table(window.SMSGEN_TERMS && window.SMSGEN_TERMS[b]);
        var fns = loading[b];
        loading[b] = null;
        fns.forEach(function (f) { f(); });
      };
      document.head.appendChild(sc);
    });
    one();
  }

  // kept(i): the index in idx.docs of entry i, or -1 when it is in a run
  // (there is a run per grouped register: a few)
  function kept(i) {
    var before = 0;
    for (var k = 0; k < runs.length && i >= runs[k][0]; k++) {
      if (i < runs[k][0] + runs[k][1]) return -1;
      before += runs[k][1];
    }
    return i - before;
  }
  function runOf(i) {
    for (var k = 0; k < runs.length; k++) {
      if (i >= runs[k][0] && i < runs[k][0] + runs[k][1]) return runs[k];
    }
    return null;
  }

  function fold(s) {
    return String(s).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length >= 2 || /^\d/.test(w); });
  }
  function lowerBound(terms, t) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < t) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  function postings(tab, i) {
    var p = tab.cache[i];
    if (p) return p;
    var parts = tab.post[i].split(","), doc = 0;
    p = new Array(parts.length);
    for (var k = 0; k < parts.length; k++) {
      var n = parseInt(parts[k], 36);
      doc += Math.floor(n / 8);
      p[k] = doc * 8 + (n % 8);
    }
    tab.cache[i] = p;
    return p;
  }
  // search(q): the results of q, [entry, score] by rank (the buckets of its
  // words loaded: see need, smsgenSearchAsync)
  function search(q) {
    var ws = words(q);
    if (!ws.length || !idx) return [];
    var acc = null;
    ws.forEach(function (w) {
      var scores = new Map();
      tablesOf(w).forEach(function (tab) {
        var terms = tab.terms;
        for (var i = lowerBound(terms, w); i < terms.length && terms[i].lastIndexOf(w, 0) === 0; i++) {
          var exact = terms[i].length === w.length ? 1.5 : 1;
          var p = postings(tab, i);
          for (var k = 0; k < p.length; k++) {
            var d = Math.floor(p[k] / 8), m = p[k] % 8;
            var s = ((m & 4) ? W_TITLE : 0) + ((m & 2) ? W_HEAD : 0) + ((m & 1) ? W_BODY : 0);
            s *= exact;
            var old = scores.get(d);
            if (old === undefined || s > old) scores.set(d, s);
          }
        }
      });
      if (acc === null) { acc = scores; return; }
      var next = new Map();
      acc.forEach(function (s, d) { var t = scores.get(d); if (t !== undefined) next.set(d, s + t); });
      acc = next;
    });
    var out = [];
    acc.forEach(function (s, d) { out.push([d, s]); });
    out.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return out;
  }
  window.smsgenSearch = search;
  window.smsgenSearchAsync = function (q, fn) { need(words(q), function () { fn(search(q)); }); };

  // folded(s): s case- and diacritic-folded, with the offset in s of every
  // character of the folded text (and of its end), to mark what matched
  function folded(s) {
    if (!/[^\x00-\x7f]/.test(s)) return { f: s.toLowerCase(), at: null };
    var f = "", at = [];
    for (var i = 0; i < s.length;) {
      var c = s.codePointAt(i), n = c > 0xffff ? 2 : 1;
      var x = c < 0x80 ? String.fromCharCode(c).toLowerCase() : fold(s.substr(i, n));
      for (var k = 0; k < x.length; k++) at.push(i);
      f += x;
      i += n;
    }
    at.push(s.length);
    return { f: f, at: at };
  }
  var wordChar = /[\p{L}\p{N}]/u;
  // hits of the query words in s as prefixes of its words: [start, end, word] in s
  function hits(s, ws) {
    var t = folded(s), f = t.f, out = [];
    function orig(i) { return t.at ? t.at[i] : i; }
    ws.forEach(function (w, wi) {
      for (var p = f.indexOf(w); p >= 0 && out.length < 5000; p = f.indexOf(w, p + 1)) {
        if (p > 0 && wordChar.test(f.charAt(p - 1))) continue;
        out.push([orig(p), orig(p + w.length), wi]);
      }
    });
    out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    return out;
  }
  // text of s from a to b with the hits marked, into el
  function marked(el, s, hs, a, b) {
    var at = a;
    hs.forEach(function (h) {
      if (h[0] < at || h[1] > b) return;
      if (h[0] > at) el.appendChild(document.createTextNode(s.slice(at, h[0])));
      var m = document.createElement("mark");
      m.textContent = s.slice(h[0], h[1]);
      el.appendChild(m);
      at = h[1];
    });
    if (at < b) el.appendChild(document.createTextNode(s.slice(at, b)));
  }
  var SPAN = 220;
  // passage: the window of a line of text holding the most query words
  function passage(el, text, ws) {
    var lines = text.split("\n"), best = null;
    lines.forEach(function (line) {
      var hs = hits(line, ws);
      for (var i = 0; i < hs.length; i++) {
        var seen = {}, n = 0;
        for (var j = i; j < hs.length && hs[j][1] - hs[i][0] <= SPAN - 40; j++) {
          if (!seen[hs[j][2]]) { seen[hs[j][2]] = 1; n++; }
        }
        if (!best || n > best.n) best = { n: n, line: line, hs: hs, at: hs[i][0] };
      }
    });
    if (!best) { // only the title matched: the beginning
      var first = lines.slice(0, 2).join(" · ");
      el.textContent = first.length > SPAN ? first.slice(0, first.lastIndexOf(" ", SPAN) > SPAN / 2 ? first.lastIndexOf(" ", SPAN) : SPAN) + " …" : first;
      return;
    }
    var s = best.line, a = 0, b = s.length;
    if (s.length > SPAN) {
      a = Math.max(0, best.at - 40);
      if (a > 0) { var sp = s.indexOf(" ", a); a = sp >= 0 && sp < best.at ? sp + 1 : a; }
      b = Math.min(s.length, a + SPAN);
      if (b < s.length) { var e = s.lastIndexOf(" ", b); if (e > best.at) b = e; }
    }
    if (a > 0) el.appendChild(document.createTextNode("… "));
    marked(el, s, best.hs, a, b);
    if (b < s.length) el.appendChild(document.createTextNode(" …"));
  }

  // the shards of the texts, loaded once each: path -> [key, callback]s
  // waiting (null once loaded). A document's text is in shard
  // search/docs/B.js under its URL, B the FNV-1a hash (32 bits) of the file
  // name of its page modulo 128, as the generator computes it (textBucket);
  // the others are listed in idx.groups as [first entry, count, path], an
  // array of the texts of the entries in order.
  var BUCKETS = 128;
  function textBucket(name) { return fnv(name) % BUCKETS; }
  window.smsgenTextBucket = textBucket;
  var waiting = {};
  var base = (function () {
    var sc = document.querySelector('script[src$="search-index.js"]');
    return sc ? sc.getAttribute("src").replace(/search-index\.js$/, "") : "assets/";
  })();
  function shardOf(i) {
    var k = kept(i), url = k >= 0 ? idx.docs[k][0] : "";
    if (url.lastIndexOf("docs/", 0) === 0) return ["search/docs/" + textBucket(url.slice(5, -5)) + ".js", url];
    var g = idx.groups || [], lo = 0, hi = g.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (i < g[mid][0]) hi = mid - 1;
      else if (i >= g[mid][0] + g[mid][1]) lo = mid + 1;
      else return [g[mid][2], i - g[mid][0]];
    }
    return null;
  }
  // withShard(i, fn): fn(texts, entries, at) once the shard of entry i is
  // loaded (texts and entries null when there is none)
  function withShard(i, fn) {
    var sh = shardOf(i);
    if (!sh) { fn(null, null, 0); return; }
    var path = sh[0], at = sh[1];
    function done() { fn(window.SMSGEN_TEXT && window.SMSGEN_TEXT[path], window.SMSGEN_ENTRY && window.SMSGEN_ENTRY[path], at); }
    if (window.SMSGEN_TEXT && window.SMSGEN_TEXT[path]) { done(); return; }
    if (waiting[path]) { waiting[path].push(done); return; }
    waiting[path] = [done];
    var sc = document.createElement("script");
    sc.src = base + path;
    sc.onload = sc.onerror = function () {
      var fns = waiting[path];
      waiting[path] = null;
      fns.forEach(function (f) { f(); });
    };
    document.head.appendChild(sc);
  }
  function withText(i, fn) {
    withShard(i, function (texts, entries, at) { fn((texts && texts[at]) || ""); });
  }
  // withEntry(i, fn): fn([url, title, kind]) of entry i (null when unknown)
  function withEntry(i, fn) {
    var k = kept(i);
    if (k >= 0) { fn(idx.docs[k] || null); return; }
    var run = runOf(i);
    withShard(i, function (texts, entries, at) {
      var e = entries && entries[at];
      fn(e && run ? [e[0], e[1], run[2]] : null);
    });
  }
  window.smsgenEntry = withEntry;

  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list) return;

  var shown = 0; // the query being shown: late texts of an earlier one are dropped
  // show(q, done): the results of q, then done() (once the buckets of its
  // words are loaded)
  function show(q, done) {
    var gen = ++shown;
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!fold(q).trim()) { status.textContent = ""; if (done) done(); return; }
    var ws = words(q);
    if (NB) status.textContent = status.getAttribute("data-loading");
    need(ws, function () {
      if (gen !== shown) return;
      results(gen, search(q), ws);
      if (done) done();
    });
  }
  function results(gen, res, ws) {
    status.textContent = res.length ? res.length + " " + ((res.length === 1 && status.getAttribute("data-result")) || status.getAttribute("data-results")) : status.getAttribute("data-none");
    res.slice(0, LIMIT).forEach(function (r) {
      var li = document.createElement("li");
      var p = document.createElement("p");
      p.className = "snip";
      li.appendChild(p);
      list.appendChild(li);
      // the link and kind come first: at once from the index, or with the
      // shard of a record of a grouped register
      withEntry(r[0], function (e) {
        if (gen !== shown) return;
        if (!e) { if (li.parentNode) li.parentNode.removeChild(li); return; }
        var a = document.createElement("a");
        a.href = e[0];
        marked(a, e[1], hits(e[1], ws), 0, e[1].length);
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = " · " + e[2];
        li.insertBefore(kind, li.firstChild);
        li.insertBefore(a, kind);
      });
      withText(r[0], function (text) {
        if (gen !== shown) return;
        if (text) passage(p, text, ws); else if (p.parentNode) li.removeChild(p);
      });
    });
  }

  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  var top = document.getElementById("q-top");
  if (top) top.value = q;
  // time from navigation start until the index was loaded and the query in the URL answered
  show(q, function () { window.smsgenReady = performance.now(); });
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
