// A small bar chart in SVG (built node by node, like the rest of the page).

import { h, s } from "./dom.js";
import { seconds } from "./format.js";

// points: [{label, value, href}] oldest first; value in seconds.
export function barChart(points, { height = 130, caption = "" } = {}) {
  const width = 860;
  const pad = { top: 6, bottom: 2, left: 4, right: 4 };
  if (!points.length) return h("p", { class: "muted chart-empty" }, "No proven blocks yet.");
  const max = Math.max(...points.map((p) => p.value), 1e-9);
  const slot = (width - pad.left - pad.right) / points.length;
  const bar = Math.max(2, slot * 0.72);
  const plot = height - pad.top - pad.bottom;
  const bars = points.map((p, i) => {
    const barHeight = Math.max(1.5, (p.value / max) * plot);
    const x = pad.left + i * slot + (slot - bar) / 2;
    const rect = s("rect", {
      x: x.toFixed(1), y: (pad.top + plot - barHeight).toFixed(1),
      width: bar.toFixed(1), height: barHeight.toFixed(1), rx: 2, class: "bar",
    }, s("title", null, `${p.label}: ${seconds(p.value)}`));
    return p.href ? s("a", { href: p.href }, rect) : rect;
  });
  const first = points[0].label;
  const last = points[points.length - 1].label;
  return h("figure", { class: "chart" },
    h("div", { class: "chart-top" }, h("span", null, `max ${seconds(max)}`)),
    s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": caption,
      preserveAspectRatio: "none" },
      s("line", { x1: pad.left, x2: width - pad.right, y1: pad.top + plot, y2: pad.top + plot,
        class: "axis" }),
      bars),
    h("div", { class: "chart-axis" }, h("span", null, first), h("span", null, last)),
    caption ? h("figcaption", null, caption) : null);
}
