import { OrderEventType, OrderStatus, PaymentStatus } from '@mini-commerce/contracts';
import { sseKey, type ChaosHistory, type ClientOrder, type EventRow, type JobRow, type OrderRow, type PaymentRow } from './history';

/**
 * - lost: answered 201, but not in the orders table.
 * - double-charged: more than one payment, or more than one terminal event.
 * - stuck: not paid or failed once the system is quiet.
 * - invalid-history: events out of order, missing, or disagreeing with the order's status.
 * - payment-mismatch: a paid order without its approved payment, a failed order that was charged, a payment for no order.
 * - not-accepted: a checkout the client retried (same key) until it gave up, or that was refused with a 4xx.
 * - sse-missed: a browser that stayed subscribed never received an order's terminal event.
 */
export type ViolationKind =
  | 'lost'
  | 'double-charged'
  | 'stuck'
  | 'invalid-history'
  | 'payment-mismatch'
  | 'not-accepted'
  | 'sse-missed';

export interface Violation {
  kind: ViolationKind;
  /** The fault (or "baseline") during which the order was placed; "unknown" for rows no client placed. */
  phase: string;
  orderId?: string;
  message: string;
}

const TERMINAL_EVENTS: ReadonlySet<string> = new Set([OrderEventType.Paid, OrderEventType.Failed]);
const TERMINAL_STATUS_OF: Record<string, string> = {
  [OrderEventType.Paid]: OrderStatus.Paid,
  [OrderEventType.Failed]: OrderStatus.Failed,
};
/** Events allowed between order.created and the terminal event, in any order and number. */
const IN_FLIGHT_EVENTS: ReadonlySet<string> = new Set([OrderEventType.Processing, OrderEventType.PaymentRetrying]);
const UNKNOWN_PHASE = 'unknown';

/** Every violation of the run's promises, one entry per finding (an order can have several). */
export function checkInvariants(history: ChaosHistory): Violation[] {
  const violations: Violation[] = [];
  const ordersById = new Map(history.orders.map((order) => [order.id, order]));
  const eventsByOrder = groupBy(history.events, (event) => event.orderId);
  const paymentsByOrder = groupBy(history.payments, (payment) => payment.orderId);
  const jobsByOrder = new Map(history.jobs.map((job) => [job.orderId, job]));
  const clientByKey = new Map(history.client.map((order) => [order.idempotencyKey, order]));

  for (const placed of history.client) violations.push(...checkClientOrder(placed, ordersById));

  for (const order of history.orders) {
    const phase = (order.idempotencyKey && clientByKey.get(order.idempotencyKey)?.phase) || UNKNOWN_PHASE;
    const found = (kind: ViolationKind, message: string) =>
      violations.push({ kind, phase, orderId: order.id, message: `order ${order.id}: ${message}` });
    const events = [...(eventsByOrder.get(order.id) ?? [])].sort((a, b) => a.id - b.id);
    const terminal = isTerminalStatus(order.status);

    if (!terminal) found('stuck', `still ${order.status} (${describeJob(jobsByOrder.get(order.id))})`);
    const finalEvent = checkEvents(order, events, terminal, found);
    checkPayments(order, paymentsByOrder.get(order.id) ?? [], finalEvent, found);

    if (terminal && finalEvent) {
      for (const browser of history.sse) {
        if (!browser.received.has(sseKey(order.id, finalEvent.id))) {
          found('sse-missed', `${browser.name} never received ${finalEvent.type} #${finalEvent.id}`);
        }
      }
    }
  }

  for (const payment of history.payments) {
    if (!ordersById.has(payment.orderId)) {
      violations.push({
        kind: 'payment-mismatch',
        phase: UNKNOWN_PHASE,
        orderId: payment.orderId,
        message: `payment ${payment.id} (${payment.status}) is for order ${payment.orderId}, which does not exist`,
      });
    }
  }
  return violations;
}

function checkClientOrder(placed: ClientOrder, ordersById: ReadonlyMap<string, OrderRow>): Violation[] {
  const { phase, idempotencyKey: key } = placed;
  if (placed.outcome !== 'accepted' || !placed.orderId) {
    const why = placed.outcome === 'rejected' ? 'was refused' : placed.outcome === 'abandoned' ? 'was given up' : 'is still unanswered';
    return [
      {
        kind: 'not-accepted',
        phase,
        message: `checkout with Idempotency-Key ${key} ${why} after ${placed.attempts} attempt(s): ${placed.lastError ?? 'no answer'}`,
      },
    ];
  }
  const row = ordersById.get(placed.orderId);
  if (!row) {
    return [
      {
        kind: 'lost',
        phase,
        orderId: placed.orderId,
        message: `order ${placed.orderId} (Idempotency-Key ${key}) was answered 201 but is not in the orders table`,
      },
    ];
  }
  if (row.idempotencyKey !== key) {
    return [
      {
        kind: 'invalid-history',
        phase,
        orderId: placed.orderId,
        message: `order ${placed.orderId} was answered for Idempotency-Key ${key} but is stored with key ${row.idempotencyKey}`,
      },
    ];
  }
  return [];
}

/**
 * order.created first; then processing / payment_retrying in any order; then
 * exactly one terminal event, last. A failed order may be reopened by
 * order.payment_requeued (an operator's requeue) and then finish again.
 * Returns the event that decided the order, if any.
 */
function checkEvents(
  order: OrderRow,
  events: readonly EventRow[],
  terminal: boolean,
  found: (kind: ViolationKind, message: string) => void,
): EventRow | undefined {
  if (events.length === 0) {
    found('invalid-history', 'has no events at all');
    return undefined;
  }
  const sequence = events.map((event) => `${event.type} #${event.id}`).join(', ');
  if (events[0].type !== OrderEventType.Created) {
    found('invalid-history', `first event is ${events[0].type} #${events[0].id}, not ${OrderEventType.Created} (${sequence})`);
  }

  let open = true;
  let decisive: EventRow[] = [];
  for (const [index, event] of events.entries()) {
    if (event.type === OrderEventType.Created) {
      if (index > 0) found('invalid-history', `a second ${OrderEventType.Created} #${event.id} (${sequence})`);
    } else if (TERMINAL_EVENTS.has(event.type)) {
      if (!open) found('invalid-history', `${event.type} #${event.id} follows a terminal event (${sequence})`);
      decisive.push(event);
      open = false;
    } else if (event.type === OrderEventType.PaymentRequeued) {
      const reopened = !open && decisive[decisive.length - 1]?.type === OrderEventType.Failed;
      if (!reopened) found('invalid-history', `${event.type} #${event.id} while the order was not failed (${sequence})`);
      // An operator's requeue undoes the failure: the order is decided again later.
      decisive = decisive.slice(0, -1);
      open = true;
    } else if (IN_FLIGHT_EVENTS.has(event.type)) {
      if (!open) found('invalid-history', `${event.type} #${event.id} after the terminal event (${sequence})`);
    } else {
      found('invalid-history', `unknown event type ${event.type} #${event.id}`);
    }
  }

  if (decisive.length > 1) {
    found('double-charged', `${decisive.length} terminal events: ${decisive.map((event) => `${event.type} #${event.id}`).join(', ')}`);
  }
  const last = events[events.length - 1];
  if (!terminal) return undefined;
  if (!TERMINAL_EVENTS.has(last.type)) {
    found('invalid-history', `is ${order.status} but its last event is ${last.type} #${last.id} (${sequence})`);
    return undefined;
  }
  if (TERMINAL_STATUS_OF[last.type] !== order.status) {
    found('invalid-history', `is ${order.status} but its terminal event is ${last.type} #${last.id}`);
  }
  return last;
}

/** payments = paid orders: one approved payment per paid order, none for a failed one, never two. */
function checkPayments(
  order: OrderRow,
  payments: readonly PaymentRow[],
  finalEvent: EventRow | undefined,
  found: (kind: ViolationKind, message: string) => void,
): void {
  if (payments.length > 1) {
    found('double-charged', `${payments.length} payments: ${payments.map((p) => `${p.id} (${p.status})`).join(', ')}`);
  }
  const approved = payments.filter((payment) => payment.status === PaymentStatus.Approved);
  if (order.status === OrderStatus.Paid && approved.length === 0) {
    const what = payments.length ? `only ${payments.map((p) => `${p.status} payment ${p.id}`).join(', ')}` : 'no payment at all';
    found('payment-mismatch', `is paid but has no approved payment (${what})`);
  }
  if (order.status === OrderStatus.Failed && approved.length > 0) {
    found('payment-mismatch', `is failed but was charged: approved payment ${approved[0].id}`);
  }
  for (const payment of payments) {
    if (payment.amount !== order.amount) {
      found('payment-mismatch', `payment ${payment.id} is for Rp ${payment.amount}, the order for Rp ${order.amount}`);
    }
  }
  const paymentId = finalEvent?.data['paymentId'];
  if (finalEvent?.type === OrderEventType.Paid && paymentId !== approved[0]?.id && approved.length > 0) {
    found('payment-mismatch', `${finalEvent.type} #${finalEvent.id} names payment ${String(paymentId)}, but the approved payment is ${approved[0].id}`);
  }
}

function describeJob(job: JobRow | undefined): string {
  if (!job) return 'it has no payment job';
  const lease = job.lockedBy ? `, leased to ${job.lockedBy}` : '';
  const error = job.lastError ? `, last error "${job.lastError}"` : '';
  return `job ${job.status} after ${job.attempts} attempt(s)${lease}${error}`;
}

function isTerminalStatus(status: string): boolean {
  return status === OrderStatus.Paid || status === OrderStatus.Failed;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** The columns of the report: how many distinct orders (or checkouts) each kind of violation hit. */
export interface ViolationCounts {
  lost: number;
  doubleCharged: number;
  stuck: number;
  /** invalid-history, payment-mismatch and not-accepted together. */
  other: number;
  sseMissed: number;
}

export function countViolations(violations: readonly Violation[]): ViolationCounts {
  const distinct = (kinds: readonly ViolationKind[]) =>
    new Set(violations.filter((v) => kinds.includes(v.kind)).map((v) => v.orderId ?? v.message)).size;
  return {
    lost: distinct(['lost']),
    doubleCharged: distinct(['double-charged']),
    stuck: distinct(['stuck']),
    other: distinct(['invalid-history', 'payment-mismatch', 'not-accepted']),
    sseMissed: distinct(['sse-missed']),
  };
}
