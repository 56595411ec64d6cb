/* smsgen serve: live reload and findings banner (only served by smsgen serve, never written to output/) */
(function () {
  "use strict";
  var me = document.currentScript;
  var gen = me && me.getAttribute("data-gen");
  var here = location.pathname.replace(/^\/+/, "");
  try { here = decodeURIComponent(here); } catch (e) { /* keep it encoded */ }
  if (here === "" || /\/$/.test(here)) here += "index.html";

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = "/__smsgen/live.css";
  document.head.appendChild(css);

  // The paths of this page and of the same-origin files it loaded.
  function mine(pages) {
    var set = {};
    for (var i = 0; i < pages.length; i++) set[pages[i]] = true;
    if (set[here]) return true;
    var els = document.querySelectorAll("script[src],link[href],img[src]");
    for (var j = 0; j < els.length; j++) {
      var u;
      try { u = new URL(els[j].src || els[j].href, location.href); } catch (e) { continue; }
      if (u.origin !== location.origin) continue;
      var p = u.pathname.replace(/^\/+/, "");
      try { p = decodeURIComponent(p); } catch (e) { /* keep */ }
      if (set[p]) return true;
    }
    return false;
  }

  function banner(st) {
    var b = document.getElementById("smsgen-live");
    if (st.ok) {
      if (b) b.parentNode.removeChild(b);
      return;
    }
    if (!b) {
      b = document.createElement("aside");
      b.id = "smsgen-live";
      b.setAttribute("role", "alert");
      document.body.insertBefore(b, document.body.firstChild);
    }
    b.textContent = "";
    var h = document.createElement("p");
    h.className = "smsgen-live-title";
    h.textContent = st.title;
    b.appendChild(h);
    var ul = document.createElement("ul");
    (st.findings || []).forEach(function (f) {
      var li = document.createElement("li");
      li.className = "smsgen-live-" + f.severity;
      var loc = document.createElement("code");
      loc.textContent = f.location;
      li.appendChild(loc);
      li.appendChild(document.createTextNode(" " + f.severity + " " + f.code + ": " + f.message));
      ul.appendChild(li);
    });
    b.appendChild(ul);
    if (st.more > 0) {
      var m = document.createElement("p");
      m.textContent = st.moreText;
      b.appendChild(m);
    }
  }

  if (!window.EventSource) return;
  var es = new EventSource("/__smsgen/events?gen=" + encodeURIComponent(gen || ""));
  es.addEventListener("hello", function (e) {
    var m = JSON.parse(e.data);
    // built again while this page was loading or the connection was down:
    // reload when this page's own output changed meanwhile
    if (gen !== null && m.gen !== gen && (m.all || mine(m.pages || []))) { location.reload(); return; }
    gen = m.gen;
  });
  es.addEventListener("reload", function (e) {
    var m = JSON.parse(e.data);
    gen = m.gen;
    if (m.all || mine(m.pages || [])) location.reload();
  });
  es.addEventListener("status", function (e) { banner(JSON.parse(e.data)); });
})();
