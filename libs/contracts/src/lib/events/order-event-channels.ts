import { OrderEventType } from './order-event-type';

/**
 * The default base name of the order-event channels (EVENTS_CHANNEL overrides it).
 * Each message on them is an `OrderEventDto[]`: what one publisher committed during
 * one turn of its event loop, in order, a transaction's events together. v1 carried
 * one event per message.
 */
export const ORDER_EVENTS_CHANNEL = 'mini-commerce.order-events.v2';

/**
 * The pub/sub channels (Redis) / event patterns (TCP) under one base name. Events
 * travel on two, so that each subscriber hears only what it acts on: the queue
 * workers wake on new orders and would otherwise receive, and parse, every payment
 * event of every worker too. The BFF subscribes to both.
 */
export interface OrderEventChannels {
  /** `order.created`, published by the order service. */
  created: string;
  /** Every later event (processing, retries, paid, failed), published by the queue workers. */
  payment: string;
}

export function orderEventChannels(base: string = ORDER_EVENTS_CHANNEL): OrderEventChannels {
  return { created: `${base}.created`, payment: `${base}.payment` };
}

/** The channel an event of this type travels on. */
export function orderEventChannelOf(type: OrderEventType, channels: OrderEventChannels): string {
  return type === OrderEventType.Created ? channels.created : channels.payment;
}
