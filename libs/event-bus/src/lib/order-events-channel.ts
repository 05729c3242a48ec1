import { ORDER_EVENTS_CHANNEL, orderEventChannels, type OrderEventChannels } from '@mini-commerce/contracts';

/**
 * The pub/sub channels (and TCP patterns) this deployment's order events use.
 * Two deployments sharing one Redis need different base names, or each would
 * receive the other's events. Read from EVENTS_CHANNEL once, at start-up,
 * because Nest's @EventPattern takes its pattern when the class is declared;
 * CommonEnvironment validates the same variable.
 */
export const ORDER_EVENT_CHANNELS: OrderEventChannels = orderEventChannels(process.env['EVENTS_CHANNEL'] || ORDER_EVENTS_CHANNEL);
