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
 * event (EVENTS_CHANNEL overrides it). Each message is an `OrderEventDto[]`: what one
 * publisher committed during one turn of its event loop, in order, a transaction's
 * events together. v1 carried one event per message.
 */
export const ORDER_EVENTS_CHANNEL = 'mini-commerce.order-events.v2';
