// Hand-written SVG line charts for the results (no dependency): latency percentiles on a log
// scale against a linear x axis, labelled axes, a legend, optional horizontal target lines.
// Plain SVG 1.1 with inline attributes only (GitHub renders it as an image, so no CSS classes,
// scripts or external fonts).

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const COLORS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e"];
const DASHES = ["", "6 3", "2 3", "8 3 2 3"];

/** 1-2-5 ticks between lo and hi (log axis), as numbers. */
function logTicks(lo, hi) {
  const out = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
    }
  }
  return out;
}

/** "Nice" linear ticks from 0 to at least hi. */
function linearTicks(hi, count = 5) {
  const raw = hi / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out = [];
  for (let v = 0; v <= hi + step * 0.001; v += step) out.push(Number(v.toPrecision(6)));
  if (out.at(-1) < hi) out.push(Number((out.at(-1) + step).toPrecision(6)));
  return out;
}

const msLabel = (v) => (v >= 1000 ? `${Number((v / 1000).toPrecision(3))} s` : `${Number(v.toPrecision(3))} ms`);

/**
 * @param {object} o
 * @param {string} o.title
 * @param {string} [o.subtitle]
 * @param {string} o.xLabel
 * @param {string} o.yLabel
 * @param {{name: string, points: ([number, number] | [number, number, string])[]}[]} o.series  y values in ms (> 0); optional point label
 * @param {{name: string, y: number}[]} [o.targets]  horizontal dashed lines
 * @param {number[]} [o.xTicks]  explicit x ticks (e.g. the offered loads)
 * @returns {string} the SVG document
 */
export function latencyChart({ title, subtitle, xLabel, yLabel, series, targets = [], xTicks }) {
  const W = 760;
  const H = 440;
  const m = { left: 78, right: 190, top: subtitle ? 58 : 44, bottom: 58 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const pts = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && y > 0);
  const ys = [...pts.map(([, y]) => y), ...targets.map((t) => t.y)];
  const yLo = 10 ** Math.floor(Math.log10(Math.max(0.1, Math.min(...(ys.length ? ys : [1])))));
  const yHi = 10 ** Math.ceil(Math.log10(Math.max(...(ys.length ? ys : [10])) * 1.05));
  const xMax = Math.max(...(xTicks ?? []), ...pts.map(([x]) => x), 1);
  const xt = xTicks ?? linearTicks(xMax);
  const xHi = Math.max(xMax, xt.at(-1)) * 1.04;
  const X = (x) => m.left + (x / xHi) * pw;
  const Y = (y) => m.top + ph - ((Math.log10(y) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo))) * ph;
  const o = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  o.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  o.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`);
  if (subtitle) o.push(`<text x="${W / 2}" y="40" text-anchor="middle" font-size="11" fill="#555555">${esc(subtitle)}</text>`);
  // Grid and y ticks (log).
  for (const v of logTicks(yLo, yHi)) {
    const major = Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;
    o.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${Y(v).toFixed(1)}" y2="${Y(v).toFixed(1)}" stroke="${major ? "#cccccc" : "#eeeeee"}"/>`);
    o.push(`<text x="${m.left - 6}" y="${(Y(v) + 4).toFixed(1)}" text-anchor="end" fill="#333333">${esc(msLabel(v))}</text>`);
  }
  for (const v of xt) {
    o.push(`<line x1="${X(v).toFixed(1)}" x2="${X(v).toFixed(1)}" y1="${m.top}" y2="${m.top + ph}" stroke="#f2f2f2"/>`);
    o.push(`<text x="${X(v).toFixed(1)}" y="${m.top + ph + 18}" text-anchor="middle" fill="#333333">${esc(Number(v.toPrecision(4)))}</text>`);
  }
  o.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333333"/>`);
  o.push(`<text x="${m.left + pw / 2}" y="${H - 16}" text-anchor="middle" font-size="13">${esc(xLabel)}</text>`);
  o.push(`<text transform="translate(20 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="13">${esc(yLabel)}</text>`);
  // Targets.
  targets.forEach((t, i) => {
    const y = Y(t.y).toFixed(1);
    o.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${y}" y2="${y}" stroke="#b22222" stroke-width="1" stroke-dasharray="4 4"/>`);
    o.push(`<text x="${m.left + pw - 4}" y="${(Y(t.y) - 4 - i * 0).toFixed(1)}" text-anchor="end" font-size="11" fill="#b22222">${esc(t.name)}</text>`);
  });
  // Series.
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const p = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && y > 0);
    if (p.length > 1) o.push(`<polyline fill="none" stroke="${color}" stroke-width="2.2"${DASHES[i % DASHES.length] ? ` stroke-dasharray="${DASHES[i % DASHES.length]}"` : ""} points="${p.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(" ")}"/>`);
    for (const [x, y, label] of p) {
      o.push(`<circle cx="${X(x).toFixed(1)}" cy="${Y(y).toFixed(1)}" r="3.5" fill="${color}"><title>${esc(`${s.name}: ${msLabel(y)} at ${x}`)}</title></circle>`);
      // An optional third element labels the point (e.g. the ramp step's connection count).
      if (label !== undefined) o.push(`<text x="${(X(x) + 6).toFixed(1)}" y="${(Y(y) - 6).toFixed(1)}" font-size="10" fill="${color}">${esc(label)}</text>`);
    }
    // Legend.
    const ly = m.top + 12 + i * 22;
    const lx = m.left + pw + 16;
    o.push(`<line x1="${lx}" x2="${lx + 28}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2.2"${DASHES[i % DASHES.length] ? ` stroke-dasharray="${DASHES[i % DASHES.length]}"` : ""}/>`);
    o.push(`<circle cx="${lx + 14}" cy="${ly}" r="3.5" fill="${color}"/>`);
    o.push(`<text x="${lx + 36}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  if (targets.length) {
    const ly = m.top + 12 + series.length * 22;
    const lx = m.left + pw + 16;
    o.push(`<line x1="${lx}" x2="${lx + 28}" y1="${ly}" y2="${ly}" stroke="#b22222" stroke-dasharray="4 4"/>`);
    o.push(`<text x="${lx + 36}" y="${ly + 4}">target</text>`);
  }
  o.push(`</svg>`);
  return o.join("\n") + "\n";
}
