// detente web page: send a text to /v1/code and show what came back.
// Plain DOM code, no framework and no network beyond this server. Every piece of text from the
// user or the server goes into the page through textContent, never innerHTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
  const EXAMPLE =
    "The foreign ministers of India and Pakistan met in Geneva on Tuesday to discuss the ceasefire " +
    "along the Line of Control. Pakistan accused India of violating the agreement, and Indian troops " +
    "shelled a border village the next day. Separately, Japan agreed to provide emergency aid to the " +
    "Philippines after the typhoon, and the United States imposed new sanctions on Iran.";

  let ontology = null;   // {TYPE: {...}} when the server has the table
  let last = null;       // the last response, for the download button

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---- server status and ontology -------------------------------------------------------
  async function checkHealth() {
    const badge = $("health");
    try {
      const r = await fetch("/v1/health");
      const h = await r.json();
      badge.textContent = h.model_loaded ? `ready · v${h.version}` : "loading model…";
      badge.className = "health " + (h.model_loaded ? "ok" : "wait");
    } catch (e) {
      badge.textContent = "server unreachable";
      badge.className = "health bad";
    }
  }

  async function loadOntology() {
    try {
      const r = await fetch("/v1/ontology");
      if (!r.ok) return;
      const data = await r.json();
      const types = data.event_types || data.types || data;
      ontology = {};
      if (Array.isArray(types)) {
        for (const t of types) if (t && (t.name || t.type)) ontology[t.name || t.type] = t;
      } else if (types && typeof types === "object") {
        Object.assign(ontology, types);
      }
    } catch (e) { ontology = null; }
  }

  function typeInfo(name) {
    const t = ontology && ontology[name];
    if (!t || typeof t !== "object") return "";
    return t.description || t.definition || t.label || "";
  }

  // ---- input ---------------------------------------------------------------------------
  function updateCounter() {
    const n = Array.from($("text").value).length;
    $("counter").textContent = `${n.toLocaleString()} character${n === 1 ? "" : "s"}`;
  }

  function readFile(file) {
    if (!file) return;
    if (file.size > 1024 * 1024) {
      showError(`${file.name} is ${(file.size / 1048576).toFixed(1)} MB; the server takes up to 1 MB per request.`);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => { $("text").value = reader.result; updateCounter(); hideError(); };
    reader.onerror = () => showError(`could not read ${file.name}`);
    reader.readAsText(file, "utf-8");
  }

  function showError(msg) { const e = $("error"); e.textContent = msg; e.hidden = false; }
  function hideError() { $("error").hidden = true; }

  async function submit(ev) {
    ev.preventDefault();
    const text = $("text").value;
    if (!text.trim()) { showError("Paste or drop a text first."); return; }
    hideError();
    const button = $("submit");
    button.disabled = true;
    button.textContent = "Coding…";
    const body = { text };
    if ($("date").value) body.date = $("date").value;
    const t0 = performance.now();
    try {
      const r = await fetch("/v1/code", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      const data = await r.json().catch(() => ({}));
      if (!r.ok) {
        showError(data.message || data.detail || `the server answered ${r.status}`);
        return;
      }
      last = data;
      render(text, data, performance.now() - t0);
    } catch (e) {
      showError("Could not reach the server: " + e.message);
    } finally {
      button.disabled = false;
      button.textContent = "Code text";
    }
  }

  // ---- results -------------------------------------------------------------------------
  function render(text, result, ms) {
    const doc = result.document || {};
    const events = result.events || [];
    $("results").hidden = false;
    renderSummary(doc, events, ms);
    renderText(text, events, (doc.quality && doc.quality.spans) || []);
    renderTable(events);
    renderChart(events);
    $("results").scrollIntoView({ behavior: "smooth", block: "start" });
  }

  function renderSummary(doc, events, ms) {
    const box = $("summary");
    box.replaceChildren();
    const status = doc.status || "ok";
    box.append(el("span", { class: `status ${status}`, "data-testid": "status", text: status }));
    const stat = (label, value) => el("span", { class: "stat" }, el("b", { text: value }), " " + label);
    box.append(stat("events", String(events.length)));
    box.append(stat("sentences", String(doc.sentences ?? 0)));
    if (doc.language) box.append(stat("language", doc.language));
    const q = doc.quality || {};
    if (q.score !== undefined) {
      const s = stat("quality", Number(q.score).toFixed(2));
      if (Number(q.score) < 0.7) s.classList.add("low");
      box.append(s);
    }
    if (ms !== undefined) box.append(stat("ms", String(Math.round(ms))));
    for (const f of q.flags || []) box.append(el("span", { class: "flag-chip", text: f }));
    if (doc.reason) box.append(el("span", { class: "reason", "data-testid": "reason", text: doc.reason }));
  }

  // Offsets from the server count Unicode code points; JavaScript strings count UTF-16 units.
  // Working on an array of code points keeps highlights right after an emoji or a rare CJK char.
  function renderText(text, events, flags) {
    const chars = Array.from(text);
    const n = chars.length;
    const marks = [];  // {start, end, role, event, label}
    events.forEach((e, i) => {
      for (const a of e.actor || []) marks.push({ start: a.start, end: a.end, role: "actor", event: i, label: entityLabel(a, "actor", e) });
      for (const r of e.recipient || []) marks.push({ start: r.start, end: r.end, role: "recipient", event: i, label: entityLabel(r, "recipient", e) });
      const loc = e.location;
      if (loc && loc.end > loc.start)
        marks.push({ start: loc.start, end: loc.end, role: "place", event: i, label: placeLabel(loc, e) });
      if (e.trigger && e.trigger.end > e.trigger.start)
        marks.push({ start: e.trigger.start, end: e.trigger.end, role: "trigger", event: i, label: `${e.event_type}${e.mode ? " · " + e.mode : ""} (trigger)` });
    });
    for (const f of flags) marks.push({ start: f.start, end: f.end, role: "flag", event: -1, label: `screening: ${f.kind}` });

    const cuts = new Set([0, n]);
    for (const m of marks) {
      m.start = Math.max(0, Math.min(n, m.start | 0));
      m.end = Math.max(m.start, Math.min(n, m.end | 0));
      cuts.add(m.start); cuts.add(m.end);
    }
    const bounds = [...cuts].sort((a, b) => a - b);
    const box = $("annotated");
    box.replaceChildren();
    for (let k = 0; k + 1 < bounds.length; k++) {
      const s = bounds[k], t = bounds[k + 1];
      const piece = chars.slice(s, t).join("");
      const here = marks.filter((m) => m.start <= s && m.end >= t && m.end > m.start);
      if (!here.length) { box.append(document.createTextNode(piece)); continue; }
      const roles = [...new Set(here.map((m) => m.role))];
      const evs = [...new Set(here.filter((m) => m.event >= 0).map((m) => m.event))];
      const labels = [...new Set(here.map((m) => m.label))];
      const span = el("mark", {
        class: roles.map((r) => "hl-" + r).join(" "),
        "data-roles": roles.join(" "),
        "data-events": evs.join(" "),
        title: labels.join("\n"),
      }, piece);
      box.append(span);
    }
  }

  function entityLabel(ent, role, e) {
    const who = [ent.code, ent.sector].filter(Boolean).join(" ");
    return `${role} ${who}${ent.name ? " (" + ent.name + ")" : ""} · ${e.event_type}`;
  }

  function placeLabel(loc, e) {
    const where = [loc.name, loc.country].filter(Boolean).join(", ");
    return `place ${where} (from the ${loc.source}) · ${e.event_type}`;
  }

  function placeCell(loc) {
    if (!loc) return el("span", { class: "muted", text: "—" });
    const coords = loc.lat != null && loc.lon != null ? ` · ${Number(loc.lat).toFixed(2)}, ${Number(loc.lon).toFixed(2)}` : "";
    return el("span", { class: "place", title: `${loc.feature || "place"} from the ${loc.source}${coords}` },
      el("span", { class: "code", text: loc.country || "" }), " ", el("span", { class: "etext", text: loc.name || loc.text }));
  }

  function entityCell(list) {
    if (!list || !list.length) return el("span", { class: "muted", text: "—" });
    const wrap = el("span", { class: "entities" });
    for (const a of list) {
      wrap.append(el("span", { class: "entity", title: a.name || a.text },
        el("span", { class: "code", text: a.code || "---" }),
        a.sector ? el("span", { class: "sector", text: a.sector }) : null,
        el("span", { class: "etext", text: a.text })));
    }
    return wrap;
  }

  function intensityCell(v) {
    if (v === null || v === undefined) return el("span", { class: "muted", text: "—" });
    const x = Number(v);
    const pct = Math.min(50, Math.abs(x) * 5);  // PLOVER scores run from -10 to +10
    // CSSOM, not a style attribute: the page's Content-Security-Policy forbids inline styles.
    const fill = el("span", { class: x >= 0 ? "ifill coop" : "ifill conflict" });
    fill.style.left = `${x >= 0 ? 50 : 50 - pct}%`;
    fill.style.width = `${pct}%`;
    const bar = el("span", { class: "ibar" }, fill);
    return el("span", { class: "icell" }, bar, el("span", { class: "ival", text: (x > 0 ? "+" : "") + x.toFixed(1) }));
  }

  function renderTable(events) {
    const tbody = $("events").querySelector("tbody");
    tbody.replaceChildren();
    $("event-count").textContent = String(events.length);
    $("no-events").hidden = events.length > 0;
    $("events").hidden = events.length === 0;
    events.forEach((e, i) => {
      const quad = e.quad_class ? `q${e.quad_class}` : "q0";
      const typeCell = el("td", {},
        el("span", { class: `type ${quad}`, title: [typeInfo(e.event_type), QUAD[e.quad_class]].filter(Boolean).join(" · ") || null, text: e.event_type }),
        ...(e.aux_modes || []).map((m) => el("span", { class: "aux", text: m })));
      const details = [e.cameo ? `CAMEO ${e.cameo}` : null, e.confidence != null ? `confidence ${Number(e.confidence).toFixed(2)}` : null,
        e.context && e.context.length ? `context: ${e.context.join(", ")}` : null].filter(Boolean).join(" · ");
      const row = el("tr", { "data-event": String(i), tabindex: "0", title: details || null },
        el("td", { class: "muted", text: String(i + 1) }),
        typeCell,
        el("td", {}, e.mode ? e.mode : el("span", { class: "muted", text: "—" })),
        el("td", {}, entityCell(e.actor)),
        el("td", { class: "trigger-cell", text: e.trigger ? e.trigger.text : "" }),
        el("td", {}, entityCell(e.recipient)),
        el("td", { class: "date", title: e.date_source ? `date from the ${e.date_source}` : null }, e.date || el("span", { class: "muted", text: "—" })),
        el("td", { class: "place-cell" }, placeCell(e.location)),
        el("td", { class: "num" }, intensityCell(e.intensity)));
      row.addEventListener("click", () => focusEvent(i, row));
      row.addEventListener("keydown", (k) => { if (k.key === "Enter" || k.key === " ") { k.preventDefault(); focusEvent(i, row); } });
      tbody.append(row);
    });
  }

  function focusEvent(i, row) {
    const box = $("annotated");
    const already = row.classList.contains("selected");
    document.querySelectorAll("#events tr.selected").forEach((r) => r.classList.remove("selected"));
    box.classList.toggle("focused", !already);
    for (const m of box.querySelectorAll("mark")) {
      const evs = (m.dataset.events || "").split(" ");
      m.classList.toggle("on", !already && evs.includes(String(i)));
    }
    if (!already) {
      row.classList.add("selected");
      const first = box.querySelector("mark.on");
      if (first) first.scrollIntoView({ behavior: "smooth", block: "nearest" });
    }
  }

  // ---- dyad chart ----------------------------------------------------------------------
  // One row per pair of countries: cooperation (positive intensity) to the right of the axis,
  // conflict to the left. A directed pair is actor -> recipient; a reciprocal event without a
  // recipient ("A and B signed") counts for the unordered pair A <-> B.
  function dyads(events) {
    const rows = new Map();
    const add = (key, v) => {
      const row = rows.get(key) || { key, coop: 0, conflict: 0, n: 0 };
      if (v > 0) row.coop += v; else row.conflict += v;
      row.n += 1;
      rows.set(key, row);
    };
    for (const e of events) {
      const v = Number(e.intensity || 0);
      const actors = [...new Set((e.actor || []).map((a) => a.code).filter((c) => c && c !== "---"))];
      const recips = [...new Set((e.recipient || []).map((a) => a.code).filter((c) => c && c !== "---"))];
      if (recips.length) {
        for (const a of actors) for (const r of recips) if (a !== r) add(`${a} → ${r}`, v);
      } else {
        const s = [...actors].sort();
        for (let i = 0; i < s.length; i++) for (let j = i + 1; j < s.length; j++) add(`${s[i]} ↔ ${s[j]}`, v);
      }
    }
    return [...rows.values()].sort((a, b) => (b.coop - b.conflict) - (a.coop - a.conflict) || a.key.localeCompare(b.key));
  }

  function niceCeil(v) {
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  function renderChart(events) {
    const box = $("chart");
    box.replaceChildren();
    const rows = dyads(events).slice(0, 12);
    if (!rows.length) {
      box.append(el("p", { class: "empty", text: "No event between two identified states." }));
      return;
    }
    const W = 420, label = 96, room = 40, rowH = 26, top = 8, axisH = 22;
    const H = top + rows.length * rowH + axisH;
    const max = niceCeil(Math.max(1, ...rows.map((r) => Math.max(r.coop, -r.conflict))));
    const half = (W - label - room * 2) / 2;   // room: space for the value labels on both sides
    const mid = label + room + half;
    const scale = (v) => (Math.abs(v) / max) * half;
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": "cooperation and conflict by dyad", class: "dyad-svg" });
    chart.append(svg("line", { x1: mid, x2: mid, y1: top - 4, y2: top + rows.length * rowH, class: "axis" }));
    rows.forEach((r, i) => {
      const y = top + i * rowH;
      const g = svg("g", { class: "dyad", "data-dyad": r.key });
      g.append(svg("title", {}, `${r.key}: ${r.n} event${r.n === 1 ? "" : "s"}, cooperation +${r.coop.toFixed(1)}, conflict ${r.conflict.toFixed(1)}`));
      if (i % 2 === 0) g.append(svg("rect", { x: 0, y: y, width: W, height: rowH, class: "band" }));
      g.append(svg("text", { x: label, y: y + rowH / 2 + 4, "text-anchor": "end", class: "dlabel" }, r.key));
      if (r.conflict < 0) g.append(svg("rect", { x: mid - scale(r.conflict), y: y + 6, width: Math.max(1.5, scale(r.conflict)), height: rowH - 12, rx: 3, class: "bar conflict" }));
      if (r.coop > 0) g.append(svg("rect", { x: mid, y: y + 6, width: Math.max(1.5, scale(r.coop)), height: rowH - 12, rx: 3, class: "bar coop" }));
      const net = r.coop + r.conflict;
      const tx = net >= 0 ? mid + scale(r.coop) + 5 : mid - scale(r.conflict) - 5;
      g.append(svg("text", { x: tx, y: y + rowH / 2 + 4, "text-anchor": net >= 0 ? "start" : "end", class: "dvalue" }, `${net > 0 ? "+" : ""}${net.toFixed(1)}`));
      chart.append(g);
    });
    const ay = top + rows.length * rowH + 15;
    for (const [x, t] of [[mid - half, `−${max}`], [mid, "0"], [mid + half, `+${max}`]])
      chart.append(svg("text", { x, y: ay, "text-anchor": "middle", class: "tick" }, t));
    box.append(chart);
  }

  // ---- wiring --------------------------------------------------------------------------
  function download() {
    if (!last) return;
    const blob = new Blob([JSON.stringify(last, null, 2)], { type: "application/json" });
    const a = el("a", { href: URL.createObjectURL(blob), download: `${(last.document && last.document.doc_id) || "detente"}.json` });
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("form").addEventListener("submit", submit);
    $("text").addEventListener("input", updateCounter);
    $("text").addEventListener("keydown", (k) => { if (k.key === "Enter" && (k.ctrlKey || k.metaKey)) $("form").requestSubmit(); });
    $("example").addEventListener("click", () => { $("text").value = EXAMPLE; $("date").value = "2025-05-06"; updateCounter(); hideError(); });
    $("clear").addEventListener("click", () => { $("text").value = ""; $("date").value = ""; updateCounter(); $("results").hidden = true; last = null; });
    $("file").addEventListener("change", (e) => readFile(e.target.files[0]));
    $("download").addEventListener("click", download);
    const drop = $("drop");
    ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add("over"); }));
    ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.remove("over"); }));
    drop.addEventListener("drop", (e) => readFile(e.dataTransfer.files[0]));
    updateCounter();
    checkHealth();
    loadOntology();
  });
})();
