// Building the page: every value from the chain becomes a text node, never HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function setProps(el, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.setAttribute("class", value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else el.setAttribute(key, value === true ? "" : String(value));
  }
}

// h("a", {href: "#/"}, "text", child, [more]): an element; strings become text nodes.
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  append(el, children);
  return el;
}

// The same for SVG elements (the charts).
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setProps(el, props);
  append(el, children);
  return el;
}

// Replace everything inside el with children.
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// A link to one of the explorer's own routes (the chain's values are URL-encoded).
export function link(route, ...children) {
  return h("a", { href: route }, ...children);
}

export const routes = {
  home: () => "#/",
  blocks: (page) => (page && page > 1 ? `#/blocks?page=${page}` : "#/blocks"),
  block: (n) => `#/block/${encodeURIComponent(String(n))}`,
  tx: (hash, block) =>
    `#/tx/${encodeURIComponent(String(hash))}` +
    (block === undefined || block === null ? "" : `?block=${encodeURIComponent(String(block))}`),
  search: (q) => `#/search?q=${encodeURIComponent(q)}`,
};

// A key/value list: rows of [label, value node or text].
export function fields(rows) {
  return h("dl", { class: "fields" },
    rows.filter(Boolean).map(([label, value]) => [h("dt", null, label), h("dd", null, value)]));
}

// A table that scrolls sideways on a narrow screen. A header given as [text, class] gives its
// column's header that class (e.g. "wide": hidden on a phone, like the cells marked so).
export function table(headers, rows, { className = "" } = {}) {
  const th = (x) => (Array.isArray(x) ? h("th", { scope: "col", class: x[1] }, x[0]) : h("th", { scope: "col" }, x));
  return h("div", { class: "table-wrap" },
    h("table", { class: `table ${className}` },
      h("thead", null, h("tr", null, headers.map(th))),
      h("tbody", null, rows)));
}
