import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Histogram } from 'prom-client';

/**
 * HttpMetricsMiddleware's job on Fastify, as hooks: Nest middleware there only sees
 * the raw request, which does not know the route it matched.
 */
export function timeFastifyRequests(fastify: FastifyInstance, duration: Histogram<string>): void {
  const stopTimers = new WeakMap<FastifyRequest, ReturnType<Histogram<string>['startTimer']>>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    stopTimers.set(request, duration.startTimer());
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    stopTimers.get(request)?.({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    });
    done();
  });
}
