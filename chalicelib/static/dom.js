// Building the page from API data: always as text, never as HTML.

export const $ = (selector) => document.querySelector(selector);

const present = (children) => children.filter((child) => child !== null && child !== undefined);

// An element with attributes ("class", "text" for its text, "on<event>" for listeners) and children;
// null children are skipped, which keeps optional parts inline.
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...present(children));
  return node;
}

// Replaces a node's content, skipping null children as el() does.
export function fill(node, ...children) {
  node.replaceChildren(...present(children));
  return node;
}

export const badge = (text, tone) => el("span", { class: `badge ${tone || ""}`, text });
