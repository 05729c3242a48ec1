import { FastifyAdapter } from '@nestjs/platform-fastify';
import { CORRELATION_ID_HEADER } from '@mini-commerce/contracts';
import { correlationIdOf } from './correlation-id';
import { MAX_JSON_BODY_BYTES } from './configure-http-service';

/**
 * Fastify for a service whose JSON API is its hot path: per request it costs a
 * fraction of Express, its router and body-parser (docs/performance.md). The request
 * id Fastify assigns is the correlation id, so logs, @CorrelationId() and the echoed
 * header all carry the same one.
 */
export function createFastifyAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({ bodyLimit: MAX_JSON_BODY_BYTES, genReqId: correlationIdOf });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    reply.header(CORRELATION_ID_HEADER, request.id);
    done();
  });
  return adapter;
}
