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

function frame(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 400, h = canvas.clientHeight || 260;
  if (canvas.width !== w * ratio) { canvas.width = w * ratio; canvas.height = h * ratio; }
  const g = canvas.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, w, h);
  g.font = "11px system-ui, sans-serif";
  return { g, w, h, left: 52, right: 10, top: 8, bottom: 22 };
}

function axes(f, x0, x1, y0, y1) {
  const { g, w, h, left, right, top, bottom } = f;
  g.strokeStyle = "#999"; g.fillStyle = "#555"; g.lineWidth = 1;
  g.beginPath(); g.moveTo(left, top); g.lineTo(left, h - bottom); g.lineTo(w - right, h - bottom); g.stroke();
  for (let i = 0; i <= 4; i++) {
    const y = y0 + (y1 - y0) * i / 4, py = h - bottom - (h - top - bottom) * i / 4;
    g.fillText(fmt(y), 2, py + 4);
    const x = x0 + (x1 - x0) * i / 4, px = left + (w - left - right) * i / 4;
    g.fillText(fmt(x), Math.min(px - 8, w - 40), h - 6);
  }
}

function drawLines(canvas, legend, v) {
  const f = frame(canvas);
  const names = Object.keys(v.y);
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const x of v.x) { if (x < x0) x0 = x; if (x > x1) x1 = x; }
  for (const n of names) for (const y of v.y[n]) if (typeof y === "number") { if (y < y0) y0 = y; if (y > y1) y1 = y; }
  if (!(x1 > x0)) { x0 = (isFinite(x0) ? x0 : 0) - 1; x1 = x0 + 2; }
  if (!(y1 > y0)) { y0 = (isFinite(y0) ? y0 : 0) - 1; y1 = y0 + 2; }
  axes(f, x0, x1, y0, y1);
  const { g, w, h, left, right, top, bottom } = f;
  const sx = (x) => left + (x - x0) / (x1 - x0) * (w - left - right);
  const sy = (y) => h - bottom - (y - y0) / (y1 - y0) * (h - top - bottom);
  legend.replaceChildren();
  names.forEach((n, k) => {
    const ys = v.y[n];
    g.strokeStyle = COLORS[k % COLORS.length]; g.lineWidth = 1.5; g.beginPath();
    let pen = false;
    for (let i = 0; i < v.x.length; i++) {
      const y = ys[i];
      if (typeof y !== "number") { pen = false; continue; }
      if (pen) g.lineTo(sx(v.x[i]), sy(y)); else { g.moveTo(sx(v.x[i]), sy(y)); pen = true; }
    }
    g.stroke();
    let last = null;
    for (let i = ys.length - 1; i >= 0; i--) if (typeof ys[i] === "number") { last = ys[i]; break; }
    const item = element("span", null, n + (last === null ? "" : " " + fmt(last)));
    item.style.setProperty("--c", COLORS[k % COLORS.length]);
    item.dataset.series = n;
    if (last !== null) item.dataset.last = String(last);
    legend.append(item);
  });
}

function drawBars(canvas, v) {
  const f = frame(canvas);
  const edges = v.edges || [], counts = v.counts || [];
  if (counts.length === 0) return;
  const top = Math.max(...counts, 1);
  axes(f, edges[0], edges[edges.length - 1], 0, top);
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
