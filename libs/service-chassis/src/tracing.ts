// A separate entry point, imported first by each app's main.ts: it must load before (and
// without) the rest of the chassis, which requires Nest, mysql2 and ioredis.
export { startTracing, tracingEnabled } from './lib/tracing/start-tracing';
