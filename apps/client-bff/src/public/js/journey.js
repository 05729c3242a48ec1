// Turns one order's events (oldest first) into the hops a learner can follow:
// which service acted, over which transport, when, and how long since the previous hop.

/**
 * Each hop: { kind, service, transport, at (ISO), data, attempt? }
 *   service:   'order' | 'queue' | 'queue-worker' | 'payment'
 *   transport: 'http' | 'transaction' | 'queue' | 'tcp' | 'event'
 */
export function hopsOf(events) {
  const hops = [];
  for (const event of events) {
    const data = event.data ?? {};
    const hop = (kind, service, transport, at = event.occurredAt) =>
      hops.push({ kind, service, transport, at, data, event });
    switch (event.type) {
      case 'order.created':
        hop('created', event.source ?? 'order', 'http');
        hop('queued', 'queue', 'transaction');
        break;
      case 'order.processing':
        hop('claimed', event.source ?? 'queue-worker', 'queue');
        break;
      case 'order.payment_retrying':
        hop('retrying', event.source ?? 'queue-worker', 'tcp');
        break;
      case 'order.payment_requeued':
        hop('requeued', event.source ?? 'queue-worker', 'queue');
        break;
      case 'order.paid':
      case 'order.failed': {
        const paid = event.type === 'order.paid';
        if (typeof data.chargedAt === 'string')
          hops.push({
            kind: paid ? 'charged' : 'declined',
            service: 'payment',
            transport: 'tcp',
            at: data.chargedAt,
            data,
            event,
          });
        hop(paid ? 'paid' : 'failed', event.source ?? 'queue-worker', 'event');
        break;
      }
      default:
        hop('other', event.source ?? 'order', 'event');
    }
  }
  let previous = null;
  for (const hop of hops) {
    hop.sincePreviousMs = previous === null ? null : Date.parse(hop.at) - Date.parse(previous.at);
    previous = hop;
  }
  return hops;
}

/** The stretch of time that ends at each hop, for the "where the time went" bar. */
const SEGMENTS = {
  claimed: 'queue',
  charged: 'tcp',
  declined: 'tcp',
  paid: 'settle',
  failed: 'settle',
  retrying: 'retry',
  requeued: 'requeue',
};

export function segmentsOf(hops) {
  return hops
    .filter((hop) => hop.sincePreviousMs !== null && SEGMENTS[hop.kind])
    .map((hop) => ({ kind: SEGMENTS[hop.kind], ms: Math.max(0, hop.sincePreviousMs), hop }));
}

export const isTerminal = (status) => status === 'paid' || status === 'failed';
