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
