/**
 * Event names are part of the public contract: the browser, the BFF and the
 * worker all switch on them. Add new names; never rename or repurpose one.
 */
export enum OrderEventType {
  Created = 'order.created',
  Processing = 'order.processing',
  PaymentRetrying = 'order.payment_retrying',
  /** An operator put a dead payment job back in the queue; the failed order is processing again. */
  PaymentRequeued = 'order.payment_requeued',
  Paid = 'order.paid',
  Failed = 'order.failed',
}

/**
 * The default pub/sub channel (Redis) / event pattern (TCP) that carries every order
 * event (EVENTS_CHANNEL overrides it). Each message is an `OrderEventDto[]`: the
 * events one transaction committed, in order. v1 carried one event per message;
 * a worker's batch of 32 now makes one message, not 32.
 */
export const ORDER_EVENTS_CHANNEL = 'mini-commerce.order-events.v2';
