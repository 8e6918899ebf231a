// The dashboard page: follows /api/v1/events and draws each cell. Cell text is only ever set
// through textContent; html cells arrive sanitised by the server (formatting tags, no attributes).
"use strict";
const token = new URLSearchParams(location.search).get("token");
const withToken = (path) => token ? path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token) : path;
const grid = document.getElementById("grid");
const status = document.getElementById("status");
const cells = new Map(); // id → {data, el, dirty}
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
let updates = 0;

function element(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function upsert(cell) {
  if (cell.deleted) { const c = cells.get(cell._id); if (c) { c.el.remove(); cells.delete(cell._id); } return; }
  let c = cells.get(cell._id);
  if (!c) {
    const el = element("div", "cell");
    el.dataset.id = cell._id;
    el.append(element("h2"), element("div", "stage"), element("div", "notes"));
    c = { el };
    cells.set(cell._id, c);
  }
  c.data = cell;
  if (cell.type === "line") {
    c.data.value = c.data.value || { x: [], y: {} };
  }
  c.el.dataset.name = cell.name;
  c.el.style.order = cell.pos;
  c.el.querySelector("h2").textContent = cell.name;
  c.el.querySelector(".notes").textContent = cell.description || "";
  place(c);
  render(c);
}

function place(c) {
  if (!c.el.parentNode) grid.append(c.el);
}

function append(op) {
  const c = cells.get(op.id);
  if (!c || c.data.type !== "line") return;
  const v = c.data.value;
  const before = v.x.length;
  v.x.push(...op.x);
  for (const [name, ys] of Object.entries(op.y)) {
    if (!v.y[name]) v.y[name] = new Array(before).fill(null);
    v.y[name].push(...ys);
  }
  for (const s of Object.values(v.y)) while (s.length < v.x.length) s.push(null);
  c.dirty = true;
}

function render(c) {
  const stage = c.el.querySelector(".stage");
  const d = c.data;
  if (d.type === "line" || d.type === "histogram") {
    let canvas = stage.querySelector("canvas");
    if (!canvas) { stage.replaceChildren(canvas = element("canvas"), element("div", "legend")); }
    if (d.type === "line") drawLines(canvas, stage.querySelector(".legend"), d.value); else drawBars(canvas, d.value);
  } else if (d.type === "img") {
    const img = element("img");
    if (typeof d.value === "string" && d.value) img.src = d.value;
    img.alt = d.name;
    stage.replaceChildren(img);
  } else if (d.type === "html") {
    const div = element("div");
    div.innerHTML = typeof d.value === "string" ? d.value : ""; // sanitised by the server
    stage.replaceChildren(div);
  } else if (d.type === "table") {
    const table = element("table");
    for (const row of d.value || []) {
      const tr = element("tr");
      for (const v of row) tr.append(element("td", null, String(v)));
      table.append(tr);
    }
    stage.replaceChildren(table);
  } else {
    stage.replaceChildren(element("pre", null, typeof d.value === "string" ? d.value : JSON.stringify(d.value)));
  }
  c.dirty = false;
}

function fmt(v) {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : (+v.toPrecision(4)).toString();
}

// Tick values a person would choose: 1, 2 or 5 times a power of ten, from a tick at or below lo
// to one at or above hi (the axis then spans exactly the ticks).
function niceTicks(lo, hi, count) {
  const raw = (hi - lo) / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || 10 * mag;
  const first = Math.floor(lo / step + 1e-9), last = Math.ceil(hi / step - 1e-9), ticks = [];
  for (let k = first; k <= last; k++) ticks.push(k === 0 ? 0 : k * step);
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  return { ticks, label: (t) => (Math.abs(t) >= 1e5 || (t !== 0 && Math.abs(t) < 1e-3)) ? t.toExponential(1) : t.toFixed(Math.min(digits, 10)) };
}

// The range of a series, widened to nice ticks; null when it has no numbers.
function range(ys) {
  let y0 = Infinity, y1 = -Infinity;
  for (const y of ys) if (typeof y === "number" && isFinite(y)) { if (y < y0) y0 = y; if (y > y1) y1 = y; }
  if (!(y1 >= y0)) return null;
  if (y1 === y0) { const d = Math.abs(y0) * 0.1 || 1; y0 -= d; y1 += d; }
  return [y0, y1];
}

// Series whose ranges differ by more than 10× (win rate, a loss near 1e-3, ε) get a panel each, as
// TensorBoard gives each scalar its own chart; similar ones share one.
function panels(v) {
  const groups = [];
  for (const n of Object.keys(v.y)) {
    const r = range(v.y[n]);
    if (!r) continue;
    const span = r[1] - r[0];
    const g = groups.find((g) => {
      const lo = Math.min(g.r[0], r[0]), hi = Math.max(g.r[1], r[1]);
      return (hi - lo) <= 10 * Math.min(span, g.r[1] - g.r[0]);
    });
    if (g) { g.names.push(n); g.r = [Math.min(g.r[0], r[0]), Math.max(g.r[1], r[1])]; } else groups.push({ names: [n], r });
  }
  return groups;
}

function frame(canvas, height) {
  const ratio = window.devicePixelRatio || 1;
  if (height) canvas.style.height = height + "px";
  const w = canvas.clientWidth || 400, h = canvas.clientHeight || height || 260;
  if (canvas.width !== w * ratio || canvas.height !== h * ratio) { canvas.width = w * ratio; canvas.height = h * ratio; }
  const g = canvas.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, w, h);
  g.font = "11px system-ui, sans-serif";
  return { g, w, h, left: 56, right: 10, top: 8, bottom: 22 };
}

// Axes of one panel occupying [top, bottom) of the canvas; returns the y tick labels drawn.
function axes(f, x0, x1, y0, y1, top, bottom, xLabels) {
  const { g, w, left, right } = f;
  g.strokeStyle = "#999"; g.fillStyle = "#555"; g.lineWidth = 1;
  g.beginPath(); g.moveTo(left, top); g.lineTo(left, bottom); g.lineTo(w - right, bottom); g.stroke();
  const yt = niceTicks(y0, y1, 4), labels = [];
  for (const t of yt.ticks) {
    const py = bottom - (t - y0) / (y1 - y0) * (bottom - top);
    const s = yt.label(t);
    labels.push(s);
    g.fillText(s, 2, py + 4);
    g.strokeStyle = "#eee"; g.beginPath(); g.moveTo(left + 1, py); g.lineTo(w - right, py); g.stroke();
  }
  if (xLabels) {
    const xt = niceTicks(x0, x1, 4);
    for (const t of xt.ticks) {
      const px = left + (t - x0) / (x1 - x0) * (w - left - right);
      g.fillText(xt.label(t), Math.min(px - 8, w - 40), bottom + 14);
    }
  }
  return labels;
}

function drawLines(canvas, legend, v) {
  const groups = panels(v);
  const n = Math.max(1, groups.length);
  const f = frame(canvas, n === 1 ? 260 : 30 + 120 * n);
  let x0 = Infinity, x1 = -Infinity;
  for (const x of v.x) { if (x < x0) x0 = x; if (x > x1) x1 = x; }
  if (!(x1 > x0)) { x0 = (isFinite(x0) ? x0 : 0) - 1; x1 = x0 + 2; }
  const { g, w, h, left, right } = f;
  const sx = (x) => left + (x - x0) / (x1 - x0) * (w - left - right);
  const panelH = (h - f.top - f.bottom) / n;
  const colour = new Map(Object.keys(v.y).map((name, k) => [name, COLORS[k % COLORS.length]]));
  const ticks = [];
  legend.replaceChildren();
  groups.forEach((grp, p) => {
    const top = f.top + p * panelH + (p > 0 ? 6 : 0), bottom = f.top + (p + 1) * panelH - (p < n - 1 ? 10 : 0);
    const yt = niceTicks(grp.r[0], grp.r[1], 4);
    const y0 = Math.min(grp.r[0], yt.ticks[0]), y1 = Math.max(grp.r[1], yt.ticks[yt.ticks.length - 1]);
    ticks.push(axes(f, x0, x1, y0, y1, top, bottom, p === n - 1).join(" "));
    const sy = (y) => bottom - (y - y0) / (y1 - y0) * (bottom - top);
    for (const name of grp.names) {
      const ys = v.y[name];
      g.strokeStyle = colour.get(name); g.lineWidth = 1.5; g.beginPath();
      let pen = false;
      for (let i = 0; i < v.x.length; i++) {
        const y = ys[i];
        if (typeof y !== "number") { pen = false; continue; }
        if (pen) g.lineTo(sx(v.x[i]), sy(y)); else { g.moveTo(sx(v.x[i]), sy(y)); pen = true; }
      }
      g.stroke();
    }
    if (n > 1) { g.fillStyle = "#333"; g.fillText(grp.names.join(", "), left + 6, top + 11); }
  });
  canvas.dataset.panels = String(groups.length);
  canvas.dataset.ticks = ticks.join(" | ");
  for (const name of Object.keys(v.y)) {
    const ys = v.y[name];
    let last = null;
    for (let i = ys.length - 1; i >= 0; i--) if (typeof ys[i] === "number") { last = ys[i]; break; }
    const item = element("span", null, name + (last === null ? "" : " " + fmt(last)));
    item.style.setProperty("--c", colour.get(name));
    item.dataset.series = name;
    if (last !== null) item.dataset.last = String(last);
    legend.append(item);
  }
}

function drawBars(canvas, v) {
  const f = frame(canvas);
  const edges = v.edges || [], counts = v.counts || [];
  if (counts.length === 0) return;
  const yt = niceTicks(0, Math.max(...counts, 1), 4);
  const top = yt.ticks[yt.ticks.length - 1] || 1;
  axes(f, edges[0], edges[edges.length - 1], 0, top, f.top, f.h - f.bottom, true);
  const { g, w, h, left, right, bottom } = f;
  const bw = (w - left - right) / counts.length;
  g.fillStyle = COLORS[0];
  counts.forEach((c, i) => {
    const bh = (h - f.top - bottom) * c / top;
    g.fillRect(left + i * bw, h - bottom - bh, Math.max(1, bw - 1), bh);
  });
}

function handle(msg) {
  if (msg.op === "snapshot") {
    for (const c of cells.values()) c.el.remove();
    cells.clear();
    msg.cells.forEach(upsert);
  } else if (msg.op === "batch") {
    for (const op of msg.ops) {
      if (op.op === "cell") upsert(op.cell); else if (op.op === "append") append(op);
    }
  }
  updates++;
  document.body.dataset.updates = String(updates);
}

function redraw() {
  for (const c of cells.values()) if (c.dirty) render(c);
  requestAnimationFrame(redraw);
}

function connect() {
  const source = new EventSource(withToken("/api/v1/events"));
  source.onopen = () => { status.textContent = "live"; };
  source.onmessage = (e) => handle(JSON.parse(e.data));
  source.onerror = () => { status.textContent = "reconnecting…"; };
}

requestAnimationFrame(redraw);
connect();
