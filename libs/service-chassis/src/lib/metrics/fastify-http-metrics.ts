import type { FastifyInstance } from 'fastify';
import type { Histogram } from 'prom-client';

/**
 * HttpMetricsMiddleware's job on Fastify, as a hook: Nest middleware there only sees
 * the raw request, which does not know the route it matched. Fastify times each
 * request itself (`reply.elapsedTime`, ms).
 */
export function timeFastifyRequests(fastify: FastifyInstance, duration: Histogram<string>): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}
