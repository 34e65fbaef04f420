/**
 * The live page served on `/`: one self-contained HTML document (inline CSS and script, no build
 * step, nothing loaded from elsewhere) that polls `/api/state` every second and renders tables.
 * Every value is inserted with `textContent`: peers, method names and error messages come from
 * clients and must never be parsed as HTML.
 */
export const ADMIN_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Strand admin</title>
<style>
  :root { color-scheme: light; --fg: #1c2330; --muted: #667085; --line: #e4e7ec; --bg: #f7f8fa; --ok: #067647; --okbg: #dcfae6; --bad: #b42318; --badbg: #fee4e2; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
  header { display: flex; align-items: center; gap: 12px; padding: 16px 24px; background: #fff; border-bottom: 1px solid var(--line); }
  h1 { font-size: 18px; margin: 0; }
  h2 { font-size: 14px; margin: 24px 0 8px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
  main { padding: 0 24px 24px; }
  .pill { padding: 2px 10px; border-radius: 999px; font-weight: 600; font-size: 12px; background: var(--badbg); color: var(--bad); }
  .pill.SERVING { background: var(--okbg); color: var(--ok); }
  #summary { color: var(--muted); margin-left: auto; }
  table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); white-space: nowrap; }
  th { background: #fafbfc; font-weight: 600; font-size: 12px; color: var(--muted); }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  td.wrap { white-space: normal; }
  td.wide { white-space: normal; min-width: 16em; }
  tr:last-child td { border-bottom: 0; }
  .empty td { color: var(--muted); font-style: italic; }
  .code { color: var(--bad); font-weight: 600; }
  #error { color: var(--bad); }
</style>
</head>
<body>
<header><h1>Strand admin</h1><span id="status" class="pill">…</span><span id="error"></span><span id="summary"></span></header>
<main>
<h2>Listeners</h2>
<table id="listeners"><thead><tr><th>address</th><th>TLS</th><th class="num">connections</th><th>state</th></tr></thead><tbody></tbody></table>
<h2>Connections</h2>
<table id="connections"><thead><tr><th>peer</th><th>listener</th><th class="num">age</th><th>state</th><th class="num">streams</th><th class="num">RTT</th><th class="num">in</th><th class="num">out</th><th class="num">unsent</th><th class="num">ctl queue</th><th class="num">window</th><th>read</th><th class="num">stalls</th><th>peer GOAWAY</th><th>last error</th></tr></thead><tbody></tbody></table>
<h2>Calls in flight</h2>
<table id="calls"><thead><tr><th>method</th><th>peer</th><th class="num">age</th><th class="num">deadline</th></tr></thead><tbody></tbody></table>
<h2>Recent failures</h2>
<table id="failures"><thead><tr><th>when</th><th>method</th><th>code</th><th>message</th></tr></thead><tbody></tbody></table>
</main>
<script>
"use strict";
function ms(n) {
  if (n === undefined || n === null) return "–";
  if (n < 1000) return Math.round(n) + " ms";
  if (n < 60000) return (n / 1000).toFixed(1) + " s";
  if (n < 3600000) return Math.floor(n / 60000) + " min " + Math.floor((n % 60000) / 1000) + " s";
  return (n / 3600000).toFixed(1) + " h";
}
function bytes(n) { return n < 1024 ? n + " B" : n < 1048576 ? (n / 1024).toFixed(1) + " KiB" : (n / 1048576).toFixed(1) + " MiB"; }
function fill(id, rows, empty, columns) {
  var body = document.querySelector("#" + id + " tbody");
  var out = document.createDocumentFragment();
  if (rows.length === 0) {
    var tr = document.createElement("tr"); tr.className = "empty";
    var td = document.createElement("td"); td.colSpan = columns; td.textContent = empty;
    tr.appendChild(td); out.appendChild(tr);
  }
  rows.forEach(function (cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (cell) {
      var td = document.createElement("td");
      if (typeof cell === "object" && cell !== null) { td.textContent = cell.text; td.className = cell.cls; } else td.textContent = String(cell);
      tr.appendChild(td);
    });
    out.appendChild(tr);
  });
  body.replaceChildren(out);
}
function lastError(e, now) {
  if (!e) return "–";
  return { text: e.code + " (" + (e.initiator === "local" ? "ours" : "peer's") + ", " + ms(now - e.at) + " ago): " + e.reason, cls: "code wide" };
}
function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
function num(v) { return { text: String(v), cls: "num" }; }
function render(s) {
  var pill = document.getElementById("status");
  pill.textContent = s.status; pill.className = "pill " + s.status;
  document.getElementById("error").textContent = "";
  document.getElementById("summary").textContent = plural(s.connections, "connection") + " · " + plural(s.handlers.running, "handler") + " running" + (s.handlers.abandoned ? " (" + s.handlers.abandoned + " abandoned)" : "");
  fill("listeners", (s.listeners || []).map(function (l) {
    return [l.address, l.secure ? "yes" : "no", num(l.connections), l.draining ? "draining" : "listening"];
  }), s.listeners ? "no listeners" : "this server does not describe its listeners", 4);
  fill("connections", (s.connectionList || []).map(function (c) {
    return [c.peer || "?", c.listener, num(c.openedAt ? ms(s.now - c.openedAt) : "–"), c.state, num(c.streams), num(ms(c.rttMs)), num(bytes(c.bytesReceived)), num(bytes(c.bytesSent)), num(bytes(c.unwrittenBytes)), num(c.queuedControlFrames), num(bytes(c.streamWindow)), c.readPaused ? "paused" : "reading", num(c.flowControlStalls), c.goAwayReason === undefined ? "–" : c.goAwayReason || "(no reason)", lastError(c.lastError, s.now)];
  }), s.connectionList ? "no connections" : "this server does not describe its connections", 15);
  if (!s.calls) {
    fill("calls", [], "install trackCalls().interceptor on the server and pass calls to serveAdmin to see calls", 4);
    fill("failures", [], "install trackCalls().interceptor on the server and pass calls to serveAdmin to see failures", 4);
    return;
  }
  var calls = s.calls.inFlight.slice().sort(function (a, b) { return a.startedAt - b.startedAt; }).map(function (c) {
    return [c.method, c.peer, num(ms(s.now - c.startedAt)), num(c.deadline === undefined ? "none" : c.deadline >= s.now ? "in " + ms(c.deadline - s.now) : "passed")];
  });
  if (s.calls.untracked > 0) calls.push(["(" + s.calls.untracked + " more, not tracked: table full)", "", "", ""]);
  fill("calls", calls, "no calls in flight", 4);
  fill("failures", s.calls.failures.map(function (f) {
    return [new Date(f.at).toLocaleTimeString(), f.method, { text: f.code, cls: "code" }, { text: f.message, cls: "wrap" }];
  }), "no failures yet", 4);
}
function poll() {
  fetch("api/state", { cache: "no-store" }).then(function (r) { return r.json(); }).then(render, function (e) {
    document.getElementById("error").textContent = "admin endpoint unreachable: " + e.message;
  }).finally(function () { setTimeout(poll, 1000); });
}
poll();
</script>
</body>
</html>
`;
