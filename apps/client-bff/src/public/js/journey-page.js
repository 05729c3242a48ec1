import { byId, h, setText } from './dom.js';
import { isNewer, statusLabel } from './events.js';
import { formatDateTime, formatDuration, formatPreciseTime, formatRupiah, shortId } from './format.js';
import { onLanguageChange, t } from './i18n.js';
import { hopsOf, isTerminal, segmentsOf } from './journey.js';
import { connectEvents } from './live-events.js';
import { setUpPage, showConnection } from './page-chrome.js';

const orderId = decodeURIComponent(window.location.pathname.split('/').filter(Boolean).at(-1) ?? '');
let order = null;
let events = [];
let refreshing = null;
let refreshAgain = false;

const SERVICE_LABELS = { order: 'order', queue: 'payment_jobs', 'queue-worker': 'queue-worker', payment: 'payment' };
const TRANSPORT_LABELS = {
  http: () => 'HTTP',
  tcp: () => 'TCP',
  queue: () => t('transport.queue'),
  transaction: () => t('transport.transaction'),
  event: () => t('transport.event'),
};

function hopText(hop) {
  const d = hop.data;
  const attempt = d.attempt ?? '?';
  switch (hop.kind) {
    case 'created':
      return [t('hop.created.title'), t('hop.created.detail')];
    case 'queued':
      return [t('hop.queued.title'), t('hop.queued.detail')];
    case 'claimed':
      return [t('hop.claimed.title', { worker: d.workerId ?? '?' }), t('hop.claimed.detail', { attempt })];
    case 'charged':
    case 'declined':
      return [t(`hop.${hop.kind}.title`), t('hop.charged.detail', { payment: shortId(d.paymentId ?? '?') })];
    case 'paid':
      return [t('hop.paid.title'), t('hop.paid.detail')];
    case 'failed':
      return [t('hop.failed.title'), t('hop.failed.detail', { reason: d.reason ?? '?' })];
    case 'retrying':
      return [
        t('hop.retrying.title', { attempt }),
        t('hop.retrying.detail', { error: d.error ?? '?', delay: formatDuration(d.retryInMs ?? 0) }),
      ];
    case 'requeued':
      return [t('hop.requeued.title'), t('hop.requeued.detail')];
    default:
      return [hop.event.type, ''];
  }
}

function renderHop(hop) {
  const [title, detail] = hopText(hop);
  const delta =
    hop.sincePreviousMs === null
      ? h('span', { className: 'hop-delta' }, t('journey.start'))
      : h(
          'span',
          { className: 'hop-delta' },
          `+${formatDuration(hop.sincePreviousMs)}`,
          h('span', { className: 'visually-hidden' }, ` ${t('journey.afterPrevious')}`),
        );
  return h(
    'li',
    { className: 'hop', dataset: { hop: hop.kind, service: hop.service, transport: hop.transport } },
    h('div', { className: 'hop-when' }, h('time', { datetime: hop.at }, formatPreciseTime(hop.at)), delta),
    h('div', { className: 'hop-node', 'aria-hidden': 'true' }),
    h(
      'div',
      { className: 'hop-body' },
      h('p', { className: 'hop-title' }, title),
      h(
        'p',
        { className: 'hop-tags' },
        h(
          'span',
          { className: 'service', dataset: { service: hop.service } },
          SERVICE_LABELS[hop.service] ?? hop.service,
        ),
        h(
          'span',
          { className: 'transport', dataset: { transport: hop.transport } },
          TRANSPORT_LABELS[hop.transport]?.() ?? hop.transport,
        ),
        hop.event && hop.kind !== 'queued' && hop.kind !== 'charged' && hop.kind !== 'declined'
          ? h('code', { className: 'hop-event' }, hop.event.type)
          : null,
      ),
      detail ? h('p', { className: 'hop-detail' }, detail) : null,
    ),
  );
}

function renderWaterfall(hops) {
  const segments = segmentsOf(hops);
  const total = segments.reduce((sum, segment) => sum + segment.ms, 0);
  byId('waterfall-block').hidden = segments.length === 0;
  byId('waterfall').replaceChildren(
    ...segments.map((segment) => {
      const bar = h('span', { className: 'segment', dataset: { segment: segment.kind } });
      // Widths are set through the CSSOM (allowed by the CSP), never as markup.
      bar.style.flexGrow = String(total > 0 ? Math.max(segment.ms, total * 0.02) : 1);
      return bar;
    }),
  );
  byId('waterfall-legend').replaceChildren(
    ...segments.map((segment) =>
      h(
        'li',
        { dataset: { segment: segment.kind } },
        h('span', { className: 'swatch', 'aria-hidden': 'true' }),
        `${t(`segment.${segment.kind}`)}: `,
        h('strong', {}, formatDuration(segment.ms)),
      ),
    ),
  );
}

/** The stops an order makes, the link that brings it to each, and whether it got there. */
function routeStops(hops) {
  const find = (...kinds) => hops.find((hop) => kinds.includes(hop.kind));
  const claimed = hops.filter((hop) => hop.kind === 'claimed').at(-1);
  const charged = find('charged', 'declined');
  return [
    {
      service: 'browser',
      name: t('route.browser'),
      link: null,
      note: t('route.checkout'),
      reached: Boolean(find('created')),
    },
    {
      service: 'client-bff',
      name: 'client-bff',
      link: 'HTTP',
      note: t('route.proxied'),
      reached: Boolean(find('created')),
    },
    { service: 'order', name: 'order', link: 'HTTP', note: t('route.stored'), reached: Boolean(find('created')) },
    {
      service: 'queue',
      name: 'payment_jobs',
      link: t('transport.transaction'),
      note: t('route.queued'),
      reached: Boolean(find('queued')),
    },
    {
      service: 'queue-worker',
      name: 'queue-worker',
      link: t('transport.queue'),
      note: claimed ? t('route.claimed', { worker: claimed.data.workerId ?? '?' }) : t('route.notYet'),
      reached: Boolean(claimed),
    },
    {
      service: 'payment',
      name: 'payment',
      link: 'TCP',
      note: charged ? t(charged.kind === 'charged' ? 'route.approved' : 'route.declined') : t('route.notYet'),
      reached: Boolean(charged),
    },
  ];
}

function renderRoute(hops) {
  byId('route').replaceChildren(
    ...routeStops(hops).map((stop) =>
      h(
        'li',
        { className: 'stop', dataset: { service: stop.service, reached: String(stop.reached) } },
        h(
          'span',
          { className: 'stop-box' },
          stop.link ? h('span', { className: 'stop-link' }, t('route.via', { link: stop.link })) : null,
          h('span', { className: 'stop-name' }, stop.name),
          h('span', { className: 'stop-note' }, stop.note),
          h('span', { className: 'visually-hidden' }, ` (${t(stop.reached ? 'route.reached' : 'route.notYet')})`),
        ),
      ),
    ),
  );
  setText('route-back', t('route.back'));
  byId('route-back').dataset.reached = String(isTerminal(order.status));
}

function render() {
  if (!order) return;
  setText('order-short', `#${shortId(order.id)}`);
  const badge = byId('order-status');
  badge.dataset.status = order.status;
  setText(badge, statusLabel(order.status));
  setText('fact-customer', order.customerName);
  setText('fact-product', `${order.quantity}× ${order.productName}`);
  setText('fact-amount', formatRupiah(order.amount));
  setText('fact-created', formatDateTime(order.createdAt));
  setText('fact-correlation', order.correlationId);

  const hops = hopsOf(events);
  const first = hops[0];
  const last = hops.at(-1);
  setText(
    'fact-total',
    isTerminal(order.status) && first && last
      ? formatDuration(Date.parse(last.at) - Date.parse(first.at))
      : t('journey.inProgress'),
  );
  renderRoute(hops);
  byId('timeline').replaceChildren(...hops.map(renderHop));
  renderWaterfall(hops);
  byId('journey-waiting').hidden = isTerminal(order.status);
  document.title = `#${shortId(order.id)} · ${t('journey.title')}`;
}

function showError(message) {
  const box = byId('journey-error');
  box.hidden = false;
  setText(box, message);
}

async function fetchJson(url) {
  const response = await fetch(url);
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error([body?.message ?? response.statusText].flat().join('; '));
    error.status = response.status;
    throw error;
  }
  return body;
}

/** Reads the order and its journey again; coalesces bursts of events into one read. */
async function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  refreshing = (async () => {
    try {
      // The journey first, then the order: each hop was committed together with the order's
      // state, so the order read second is at least as new as every hop shown. (Read side by
      // side, a hop could arrive with an older order: "paid" above a "processing" badge.)
      const journey = await fetchJson(`/api/orders/${encodeURIComponent(orderId)}/events`);
      const fresh = await fetchJson(`/api/orders/${encodeURIComponent(orderId)}`);
      if (!order || isNewer(fresh.updatedAt, order.updatedAt)) order = fresh;
      if (journey.length >= events.length) events = journey;
      byId('journey-error').hidden = true;
      byId('journey-summary').hidden = false;
      render();
    } catch (error) {
      if (error.status === 404 || error.status === 400) {
        byId('journey-summary').hidden = true;
        showError(t('journey.notFound', { id: orderId }));
      } else showError(t('journey.loadError', { message: error.message }));
    } finally {
      refreshing = null;
      if (refreshAgain) {
        refreshAgain = false;
        void refresh();
      }
    }
  })();
  return refreshing;
}

setUpPage();
onLanguageChange(render);
void refresh();
connectEvents({
  onState: (state) => {
    showConnection(state);
    if (state === 'live' && order && !isTerminal(order.status)) void refresh();
  },
  onEvent: (event) => {
    if (event.orderId !== orderId || events.some((known) => known.id === event.id)) return;
    void refresh();
  },
});
