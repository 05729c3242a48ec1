/**
 * What a chaos run knows at the end, in plain data: what the client was told
 * (load), what the database holds (orders, events, payments, jobs) and what
 * each browser received. The invariant checker works on this alone, so it can
 * be tested with hand-made histories.
 */

export type ClientOutcome = 'pending' | 'accepted' | 'rejected' | 'abandoned';

/** One checkout as the client saw it (every retry used the same Idempotency-Key). */
export interface ClientOrder {
  idempotencyKey: string;
  /** The fault (or "baseline") running when the checkout was first sent. */
  phase: string;
  amount: number;
  outcome: ClientOutcome;
  /** Set when the outcome is accepted: the id in the 201 answer. */
  orderId?: string;
  attempts: number;
  lastError?: string;
}

export interface OrderRow {
  id: string;
  status: string;
  amount: number;
  idempotencyKey: string | null;
  correlationId: string;
}

export interface EventRow {
  id: number;
  orderId: string;
  type: string;
  data: Record<string, unknown>;
}

export interface PaymentRow {
  id: string;
  orderId: string;
  status: string;
  amount: number;
}

export interface JobRow {
  orderId: string;
  status: string;
  attempts: number;
  lockedBy: string | null;
  lastError: string | null;
}

/**
 * Which events one SSE client received over the whole run, as `sseKey`s. The
 * order id is part of the key: an event id alone could also be another
 * system's event, when several systems share one Redis.
 */
export interface SseView {
  name: string;
  received: ReadonlySet<string>;
}

export const sseKey = (orderId: string, eventId: number): string => `${orderId}#${eventId}`;

export interface ChaosHistory {
  client: readonly ClientOrder[];
  orders: readonly OrderRow[];
  events: readonly EventRow[];
  payments: readonly PaymentRow[];
  jobs: readonly JobRow[];
  sse: readonly SseView[];
}
