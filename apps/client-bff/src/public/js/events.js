// What each order event means to a person. Keys are the contract's event names (OrderEventType).
import { formatDuration, formatRupiah, shortId } from './format.js';
import { t } from './i18n.js';

export const EVENT_TYPES = [
  'order.created',
  'order.processing',
  'order.payment_retrying',
  'order.payment_requeued',
  'order.paid',
  'order.failed',
];

/** Colour family of an event: how things are going for its order. */
const OUTCOMES = {
  'order.created': 'info',
  'order.processing': 'progress',
  'order.payment_retrying': 'warn',
  'order.payment_requeued': 'warn',
  'order.paid': 'ok',
  'order.failed': 'bad',
};

/** A symbol next to the colour, so the outcome never depends on colour alone. */
const ICONS = { info: '+', progress: '↻', warn: '!', ok: '✓', bad: '✕', neutral: '•' };

export const outcomeOf = (type) => OUTCOMES[type] ?? 'neutral';
export const iconOf = (type) => ICONS[outcomeOf(type)];

const text = (value) => (value === undefined || value === null ? '?' : String(value));

/** One human sentence in the current language. */
export function describeEvent(event) {
  const d = event.data ?? {};
  switch (event.type) {
    case 'order.created':
      return t('event.order.created', {
        customer: text(d.customerName),
        quantity: text(d.quantity),
        product: text(d.productName),
        amount: typeof d.amount === 'number' ? formatRupiah(d.amount) : '?',
      });
    case 'order.processing':
      return t('event.order.processing', { worker: text(d.workerId), attempt: text(d.attempt) });
    case 'order.payment_retrying':
      return t('event.order.payment_retrying', {
        attempt: text(d.attempt),
        error: text(d.error),
        delay: typeof d.retryInMs === 'number' ? formatDuration(d.retryInMs) : '?',
      });
    case 'order.payment_requeued':
      return t('event.order.payment_requeued');
    case 'order.paid':
      return t('event.order.paid', { payment: shortId(text(d.paymentId)) });
    case 'order.failed':
      return t('event.order.failed', { reason: text(d.reason) });
    default:
      return event.type;
  }
}

export const statusLabel = (status) => t(`status.${status}`);

/** Newer information wins: an event older than what a view already shows must not roll it back. */
export const isNewer = (occurredAt, knownAt) => !knownAt || Date.parse(occurredAt) >= Date.parse(knownAt);
