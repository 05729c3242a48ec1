import { ORDER_EVENTS_CHANNEL } from '@mini-commerce/contracts';

/**
 * The pub/sub channel (and TCP pattern) this deployment's order events use.
 * Two deployments sharing one Redis need different channels, or each would
 * receive the other's events. Read from EVENTS_CHANNEL once, at start-up,
 * because Nest's @EventPattern takes its pattern when the class is declared;
 * CommonEnvironment validates the same variable.
 */
export const ORDER_EVENTS_PATTERN: string = process.env['EVENTS_CHANNEL'] || ORDER_EVENTS_CHANNEL;
