export * from './lib/event-bus.module';
export * from './lib/order-event-publisher';
export * from './lib/order-events-listener';
export * from './lib/order-events-channel';
