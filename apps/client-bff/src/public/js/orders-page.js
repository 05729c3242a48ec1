import { byId, h, setText } from './dom.js';
import { isNewer, statusLabel } from './events.js';
import { formatDateTime, formatRupiah, shortId } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { connectEvents } from './live-events.js';
import { setUpPage, showConnection } from './page-chrome.js';

const PAGE_SIZE = 20;
const STATUSES = ['pending', 'processing', 'paid', 'failed'];
const tbody = byId('orders');
const filterSelect = byId('status-filter');
const loadMoreButton = byId('load-more');

let filter = '';
/** orderId → { order, node }, in table order (newest first). */
let rows = new Map();
let nextCursor = null;
let loaded = false;
let loadFailed = false;
let generation = 0;
/** Events that arrived before the first page did, applied once it has. */
let early = [];
/** Orders being looked up after an event named them: id → events that arrived meanwhile. */
const lookups = new Map();
/** What order.created told us about recent orders, to show them without asking the server. */
const createdData = new Map();
const CREATED_MEMORY = 1_000;

// ---- rendering ----------------------------------------------------------------

function badge(status) {
  return h('span', { className: 'badge', dataset: { status } }, statusLabel(status));
}

function cell(labelKey, ...children) {
  return h('td', { dataset: { label: t(labelKey) } }, ...children);
}

function renderRow(order) {
  return h(
    'tr',
    { dataset: { orderId: order.id, status: order.status } },
    cell('orders.col.created', h('time', { datetime: order.createdAt }, formatDateTime(order.createdAt))),
    cell(
      'orders.col.order',
      h('a', { className: 'mono', href: `/orders/${encodeURIComponent(order.id)}` }, `#${shortId(order.id)}`),
    ),
    cell('orders.col.customer', h('span', { className: 'cell-text' }, order.customerName)),
    cell('orders.col.product', h('span', { className: 'cell-text' }, order.productName)),
    h('td', { className: 'num', dataset: { label: t('orders.col.quantity') } }, String(order.quantity)),
    h('td', { className: 'num', dataset: { label: t('orders.col.amount') } }, formatRupiah(order.amount)),
    cell('orders.col.status', badge(order.status)),
  );
}

function renderMeta() {
  byId('orders-loading').hidden = loaded || loadFailed;
  byId('orders-empty').hidden = !loaded || rows.size > 0;
  loadMoreButton.hidden = !loaded || nextCursor === null;
  setText('orders-count', loaded && rows.size > 0 ? t('orders.count', { count: rows.size }) : '');
}

function flash(node) {
  node.classList.remove('flash');
  void node.offsetWidth; // restart the animation
  node.classList.add('flash');
}

/** Newest first: by creation time, then id, like the API. */
function comesBefore(a, b) {
  const byTime = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  return byTime !== 0 ? byTime < 0 : a.id > b.id;
}

function insert(order, { highlight }) {
  const node = renderRow(order);
  const before = [...rows.values()].find((row) => comesBefore(order, row.order));
  tbody.insertBefore(node, before?.node ?? null);
  // Rebuild the map in table order.
  const entries = [...rows.entries()];
  const index = before ? entries.findIndex(([, row]) => row === before) : entries.length;
  entries.splice(index, 0, [order.id, { order, node }]);
  rows = new Map(entries);
  if (highlight) flash(node);
}

function remove(orderId) {
  const row = rows.get(orderId);
  if (!row) return;
  rows.delete(orderId);
  row.node.classList.add('leaving');
  window.setTimeout(() => row.node.remove(), 600);
}

// ---- loading ---------------------------------------------------------------------

async function loadPage(cursor) {
  const mine = generation;
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (filter) params.set('status', filter);
  if (cursor) params.set('cursor', cursor);
  loadMoreButton.disabled = true;
  try {
    const response = await fetch(`/api/orders?${params}`);
    const page = await response.json();
    if (!response.ok) throw new Error([page?.message ?? response.status].flat().join('; '));
    if (mine !== generation) return;
    for (const order of page.items) if (!rows.has(order.id)) insert(order, { highlight: false });
    nextCursor = page.nextCursor;
    loaded = true;
    loadFailed = false;
    byId('orders-error').hidden = true;
    const pending = early;
    early = [];
    pending.forEach(onEvent);
  } catch (error) {
    if (mine !== generation) return;
    loadFailed = !loaded;
    const box = byId('orders-error');
    box.hidden = false;
    setText(box, t('orders.error', { message: error instanceof Error ? error.message : String(error) }));
  } finally {
    loadMoreButton.disabled = false;
    renderMeta();
  }
}

function reload() {
  generation += 1;
  rows = new Map();
  tbody.replaceChildren();
  nextCursor = null;
  loaded = false;
  loadFailed = false;
  renderMeta();
  return loadPage(null);
}

// ---- live updates -----------------------------------------------------------------

/** Whether an order belongs to the rows loaded so far (older ones arrive with "load older"). */
function inLoadedRange(order) {
  if (nextCursor === null) return true;
  const oldest = [...rows.values()].at(-1)?.order;
  return !oldest || !comesBefore(oldest, order);
}

function apply(row, event) {
  if (!isNewer(event.occurredAt, row.order.updatedAt)) return;
  row.order.status = event.status;
  row.order.updatedAt = event.occurredAt;
  row.node.dataset.status = event.status;
  row.node.lastElementChild.replaceChildren(badge(event.status));
  flash(row.node);
  if (filter && event.status !== filter) remove(row.order.id);
}

/** An order as order.created describes it: enough for a row. */
function orderFromCreated(event) {
  const d = event.data ?? {};
  return {
    id: event.orderId,
    customerName: String(d.customerName ?? ''),
    productName: String(d.productName ?? ''),
    quantity: Number(d.quantity),
    amount: Number(d.amount),
    status: event.status,
    createdAt: event.occurredAt,
    updatedAt: event.occurredAt,
  };
}

function remember(event) {
  createdData.set(event.orderId, orderFromCreated(event));
  if (createdData.size > CREATED_MEMORY) createdData.delete(createdData.keys().next().value);
}

async function lookUp(orderId) {
  lookups.set(orderId, []);
  const mine = generation;
  const response = await fetch(`/api/orders/${encodeURIComponent(orderId)}`).catch(() => null);
  const order = response?.ok ? await response.json().catch(() => null) : null;
  const arrived = lookups.get(orderId) ?? [];
  lookups.delete(orderId);
  if (!order || mine !== generation || rows.has(order.id)) return;
  if ((filter && order.status !== filter) || !inLoadedRange(order)) return;
  insert(order, { highlight: true });
  arrived.forEach(onEvent);
  renderMeta();
}

/**
 * Live rows. A known row takes the event's status if the event is newer than what
 * it shows. An unknown order is added when it now belongs in this view: from the
 * order.created data when we have it (no request), else — only in a filtered
 * view, where an older order can move in — by asking the server for it.
 */
function onEvent(event) {
  if (event.type === 'order.created') remember(event);
  if (!loaded) {
    early.push(event);
    return;
  }
  const row = rows.get(event.orderId);
  if (row) {
    apply(row, event);
    renderMeta();
    return;
  }
  if (lookups.has(event.orderId)) {
    lookups.get(event.orderId).push(event);
    return;
  }
  if (filter && event.status !== filter) return;
  const known = createdData.get(event.orderId);
  if (known) {
    const order = { ...known, status: event.status, updatedAt: event.occurredAt };
    if (inLoadedRange(order)) {
      insert(order, { highlight: true });
      renderMeta();
    }
  } else if (filter) void lookUp(event.orderId);
}

// ---- start ---------------------------------------------------------------------------

setUpPage();
const requested = new URLSearchParams(window.location.search).get('status');
filter = STATUSES.includes(requested) ? requested : '';
filterSelect.value = filter;
filterSelect.addEventListener('change', () => {
  filter = filterSelect.value;
  const url = new URL(window.location.href);
  if (filter) url.searchParams.set('status', filter);
  else url.searchParams.delete('status');
  window.history.replaceState(null, '', url);
  void reload();
});
loadMoreButton.addEventListener('click', () => void loadPage(nextCursor));
onLanguageChange(() => {
  for (const row of rows.values()) {
    const node = renderRow(row.order);
    row.node.replaceWith(node);
    row.node = node;
  }
  renderMeta();
});
void reload();
connectEvents({
  onEvent,
  onState: (state) => {
    showConnection(state);
    if (state === 'live' && loadFailed) void reload();
  },
});
