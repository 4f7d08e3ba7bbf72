// A hand-written SVG line chart: requests per second over simulated time, one line per request kind,
// dashed lines for the targets. No plotting dependency.

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A "nice" axis step (1, 2 or 5 × 10^k) for about `ticks` ticks up to `max`. */
function step(max, ticks) {
  const raw = max / ticks;
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

/**
 * `series`: [{ label, color, values: number[] (one per second) }]; `targets`: [{ label, color, value }].
 */
export function lineChart({ title, subtitle, series, targets = [], width = 760, height = 340 }) {
  const m = { l: 64, r: 16, t: 52, b: 44 };
  const w = width - m.l - m.r;
  const h = height - m.t - m.b;
  const len = Math.max(1, ...series.map((s) => s.values.length));
  const ymax = Math.max(1, ...series.flatMap((s) => s.values), ...targets.map((t) => t.value)) * 1.08;
  const x = (i) => m.l + (i / len) * w;
  const y = (v) => m.t + h - (v / ymax) * h;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  out.push(`<text x="${m.l}" y="20" font-size="15" font-weight="600">${esc(title)}</text>`);
  if (subtitle) out.push(`<text x="${m.l}" y="38" fill="#555">${esc(subtitle)}</text>`);
  const ys = step(ymax, 5);
  for (let v = 0; v <= ymax; v += ys) {
    out.push(`<line x1="${m.l}" x2="${m.l + w}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${m.l - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" fill="#374151">${v}</text>`);
  }
  const xs = step(len, 8);
  for (let s = 0; s <= len; s += xs) {
    out.push(`<line x1="${x(s).toFixed(1)}" x2="${x(s).toFixed(1)}" y1="${m.t + h}" y2="${m.t + h + 4}" stroke="#374151"/>`);
    out.push(`<text x="${x(s).toFixed(1)}" y="${m.t + h + 17}" text-anchor="middle" fill="#374151">${s}</text>`);
  }
  out.push(`<line x1="${m.l}" x2="${m.l + w}" y1="${m.t + h}" y2="${m.t + h}" stroke="#374151"/>`);
  out.push(`<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${m.t + h}" stroke="#374151"/>`);
  out.push(`<text x="${m.l + w / 2}" y="${height - 6}" text-anchor="middle" fill="#374151">seconds after the switch</text>`);
  out.push(`<text transform="translate(14 ${m.t + h / 2}) rotate(-90)" text-anchor="middle" fill="#374151">requests per second</text>`);
  for (const t of targets) {
    out.push(`<line x1="${m.l}" x2="${m.l + w}" y1="${y(t.value).toFixed(1)}" y2="${y(t.value).toFixed(1)}" stroke="${t.color}" stroke-dasharray="6 4"/>`);
  }
  for (const s of series) {
    // A step line: each second's count is flat over that second.
    const pts = s.values.flatMap((v, i) => [`${x(i).toFixed(1)},${y(v).toFixed(1)}`, `${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`]);
    if (pts.length) out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${pts.join(' ')}"/>`);
  }
  const legend = [...series.map((s) => ({ ...s, dash: false })), ...targets.map((t) => ({ ...t, dash: true }))];
  out.push(`<rect x="${m.l + w - 258}" y="${m.t + 1}" width="256" height="${legend.length * 16 + 6}" fill="#fff" fill-opacity="0.9"/>`);
  legend.forEach((l, i) => {
    const lx = m.l + w - 250;
    const ly = m.t + 10 + i * 16;
    out.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${l.color}" stroke-width="2"${l.dash ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(`<text x="${lx + 28}" y="${ly + 4}" fill="#111">${esc(l.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
