export * from './lib/test-infrastructure';
export * from './lib/test-database';
export * from './lib/eventually';
export * from './lib/sse-recorder';
export * from './lib/tcp-proxy';
export * from './lib/order-event-fixture';
export * from './lib/otlp-receiver';
export * from './lib/unused-port';
