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
export function createFastifyAdapter(options: { forceCloseConnections?: boolean } = {}): FastifyAdapter {
  const adapter = new FastifyAdapter({ ...options, bodyLimit: MAX_JSON_BODY_BYTES, genReqId: correlationIdOf });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    // On the raw response, so that it also goes out with responses written raw (SSE).
    reply.raw.setHeader(CORRELATION_ID_HEADER, request.id);
    done();
  });
  acceptEmptyJsonBodies(adapter);
  refuseOtherBodies(adapter);
  return adapter;
}

/**
 * A POST with `content-type: application/json` and no body (an action such as
 * "pause the worker", sent by a generic client) is a request without a payload, as on
 * Express — not a 400. Any other body goes to Fastify's own JSON parser. Registered
 * through the adapter, so Nest does not add its own JSON parser over it.
 */
function acceptEmptyJsonBodies(adapter: FastifyAdapter): void {
  const parseJson = adapter.getInstance().getDefaultJsonParser('error', 'error');
  adapter.useBodyParser('application/json', false, {}, (request, body, done) => {
    if (body.length === 0) done(null, undefined);
    else parseJson(request, body.toString(), done);
  });
}

/** Any body that is not JSON (or plain text, which Fastify reads as a string): a 415 that says what to send. */
function refuseOtherBodies(adapter: FastifyAdapter): void {
  adapter.getInstance().addContentTypeParser('*', (request, _body, done) => {
    const unsupported = `content-type ${request.headers['content-type'] ?? '(none)'} is not supported: send application/json`;
    done(Object.assign(new Error(unsupported), { statusCode: 415 }), undefined);
  });
}
