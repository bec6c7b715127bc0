// Deployer dashboard live updates: one EventSource (/events), no polling. Each event names a pipeline; the page
// re-fetches that pipeline's fragment once (coalescing bursts) and swaps it in place, so the DOM stays bounded.
(function () {
  "use strict";
  var body = document.body;
  var mode = body.getAttribute("data-live");
  if (!mode || !window.EventSource) { return; }
  var service = body.getAttribute("data-service");
  var status = document.getElementById("live-status");
  var inFlight = {}, again = {};

  function setStatus(text) { if (status) { status.textContent = text; } }

  function target(name) {
    if (mode === "service") { return document.getElementById("live"); }
    var rows = document.querySelectorAll("tr[data-service]");
    for (var i = 0; i < rows.length; i++) { if (rows[i].getAttribute("data-service") === name) { return rows[i]; } }
    return null;
  }

  function url(name) {
    return mode === "service"
      ? "/pipelines/" + encodeURIComponent(name) + "/live"
      : "/dashboard/rows/" + encodeURIComponent(name);
  }

  function refresh(name) {
    if (!target(name)) { return; }
    if (inFlight[name]) { again[name] = true; return; }
    inFlight[name] = true;
    fetch(url(name), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        var old = target(name);
        if (html && old) {
          var t = document.createElement("template");
          t.innerHTML = html.trim();
          var fresh = t.content.firstElementChild;
          if (fresh) { old.replaceWith(fresh); }
        }
      })
      .catch(function () { })
      .then(function () {
        inFlight[name] = false;
        if (again[name]) { again[name] = false; refresh(name); }
      });
  }

  function refreshAll() {
    if (mode === "service") { refresh(service); return; }
    var rows = document.querySelectorAll("tr[data-service]");
    for (var i = 0; i < rows.length; i++) { refresh(rows[i].getAttribute("data-service")); }
  }

  var source, opened = false, retryTimer = null;
  function connect() {
    source = new EventSource(mode === "service" ? "/events?service=" + encodeURIComponent(service) : "/events");
    source.addEventListener("open", function () {
      setStatus("live");
      // After a drop the page may have missed changes: redraw what it shows once.
      if (opened) { refreshAll(); }
      opened = true;
    });
    source.addEventListener("change", function (e) {
      try { refresh(JSON.parse(e.data).service); } catch (err) { refreshAll(); }
    });
    source.addEventListener("resync", refreshAll);
    source.addEventListener("error", function () {
      setStatus("reconnecting…");
      // The browser retries by itself unless the stream was refused (closed); then reconnect after a pause.
      if (source.readyState === 2 && !retryTimer) {
        retryTimer = setTimeout(function () { retryTimer = null; connect(); }, 3000);
      }
    });
  }
  connect();

  document.addEventListener("click", function (e) {
    var input = e.target;
    if (input && input.classList && input.classList.contains("cmd")) { input.select(); }
  });
})();
