// The BFF's Server-Sent Events stream (/api/events), shared by every page.
//
// No gaps, no duplicates. Each message's SSE id is where to resume: the event id, or
// "42 except 38" while a lower id may still commit. The browser's EventSource
// reconnects by itself and sends it as Last-Event-ID, so the BFF replays what was
// missed; when the browser gives up (the BFF answered an error), we reconnect
// ourselves with ?after=<that same id>. Ids already delivered are dropped here.
import { EVENT_TYPES } from './events.js';

const RETRY_MIN_MS = 500;
// Past Node's 5 s keep-alive timeout, so a BFF that is shutting down sees the socket go idle and can close.
const RETRY_MAX_MS = 10_000;

/**
 * connectEvents({ after, onEvent, onState }) → { close() }
 *  after:   replay every event with a greater id first (undefined: the latest 50)
 *  onEvent: called once per event id
 *  onState: 'connecting' | 'live' | 'reconnecting'
 */
export function connectEvents({ after, onEvent, onState = () => undefined }) {
  const seen = new Set();
  let resumeFrom = after === undefined ? undefined : String(after);
  let source = null;
  let retryTimer = null;
  let retryDelay = RETRY_MIN_MS;
  let closed = false;

  const deliver = (message) => {
    if (message.lastEventId) resumeFrom = message.lastEventId;
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return;
    }
    if (typeof event?.id !== 'number' || seen.has(event.id)) return;
    seen.add(event.id);
    onEvent(event);
  };

  const open = () => {
    retryTimer = null;
    const url = resumeFrom === undefined ? '/api/events' : `/api/events?after=${encodeURIComponent(resumeFrom)}`;
    source = new EventSource(url);
    source.addEventListener('open', () => {
      retryDelay = RETRY_MIN_MS;
      onState('live');
    });
    source.addEventListener('error', () => {
      if (closed) return;
      onState('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        // The browser will not retry (an HTTP error answer): we do, with back-off.
        source.close();
        // Jitter spreads the reconnects of many pages when a BFF comes back.
        retryTimer = window.setTimeout(open, retryDelay * (0.75 + Math.random() / 4));
        retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
      }
    });
    for (const type of EVENT_TYPES) source.addEventListener(type, deliver);
  };

  onState('connecting');
  open();
  // Back online after a network change: do not wait for the browser's retry timer.
  window.addEventListener('online', () => {
    if (!closed && retryTimer !== null) {
      window.clearTimeout(retryTimer);
      open();
    }
  });

  return {
    close() {
      closed = true;
      window.clearTimeout(retryTimer);
      source?.close();
    },
  };
}
