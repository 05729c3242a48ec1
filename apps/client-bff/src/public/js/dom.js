// The only way the pages build DOM: elements with text content. Data is never parsed as HTML.

/**
 * h('a', { className: 'x', href: '/y', dataset: { id: '1' } }, 'text', child)
 * Strings and numbers become text nodes; null/undefined/false children are skipped.
 */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'object' ? child : String(child));
  }
}

export const byId = (id) => document.getElementById(id);

/** Sets a node's text; accepts an element id or the node. */
export function setText(target, text) {
  const node = typeof target === 'string' ? byId(target) : target;
  node.textContent = text === undefined || text === null ? '' : String(text);
}
