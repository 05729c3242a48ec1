// main.ts imports this first: the tracing instrumentations hook require(), so they must be
// in place before Nest, its HTTP server, mysql2 and ioredis load. Does nothing unless an OTLP endpoint is set.
import { startTracing } from '@mini-commerce/service-chassis/tracing';

startTracing('client-bff');
