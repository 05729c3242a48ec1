// The live event log: every event, newest first, restored from the server's
// history after a reload (the oldest row's id is the replay cursor).
import { h } from './dom.js';
import { describeEvent, iconOf, outcomeOf } from './events.js';
import { formatTime, shortId } from './format.js';
import { t } from './i18n.js';

const CURSOR_KEY = 'mini-commerce.log-after';
const FRESH_MS = 15_000;

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * Where to resume after a reload: just before the oldest event the log showed,
 * so the server replays every row it had, and everything since, exactly once.
 */
export function savedCursor() {
  const raw = storage()?.getItem(CURSOR_KEY);
  if (raw === null || raw === undefined || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}

export function createEventLog({ list, empty, count, maxRows = 200 }) {
  const events = []; // newest first

  const row = (event) =>
    h(
      'li',
      {
        className: `event${Date.now() - Date.parse(event.occurredAt) < FRESH_MS ? ' fresh' : ''}`,
        dataset: {
          eventId: String(event.id),
          orderId: event.orderId,
          type: event.type,
          outcome: outcomeOf(event.type),
        },
      },
      h('span', { className: 'event-icon', 'aria-hidden': 'true' }, iconOf(event.type)),
      h('time', { className: 'event-time', datetime: event.occurredAt }, formatTime(event.occurredAt)),
      h(
        'a',
        { className: 'event-order mono', href: `/orders/${encodeURIComponent(event.orderId)}` },
        shortId(event.orderId),
      ),
      h(
        'span',
        { className: 'event-type' },
        h('code', {}, event.type),
        h('span', { className: 'event-source' }, t('log.from', { source: event.source })),
      ),
      h('span', { className: 'event-message' }, describeEvent(event)),
    );

  const renderMeta = () => {
    empty.hidden = events.length > 0;
    count.textContent = events.length > 0 ? t('log.count', { count: events.length }) : '';
    const oldest = events[events.length - 1];
    if (oldest) storage()?.setItem(CURSOR_KEY, String(Math.max(0, oldest.id - 1)));
  };

  return {
    add(event) {
      const index = events.findIndex((shown) => shown.id < event.id);
      const at = index === -1 ? events.length : index;
      events.splice(at, 0, event);
      list.insertBefore(row(event), list.children[at] ?? null);
      while (events.length > maxRows) {
        events.pop();
        list.lastElementChild.remove();
      }
      renderMeta();
    },
    /** The events shown for one order, oldest first. */
    eventsFor(orderId) {
      return events.filter((event) => event.orderId === orderId).reverse();
    },
    /** Re-renders every row, e.g. in another language. */
    render() {
      list.replaceChildren(...events.map((event) => row(event)));
      for (const node of list.children) node.classList.remove('fresh');
      renderMeta();
    },
  };
}
