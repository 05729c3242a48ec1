import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Redis from 'ioredis';
import { createOrderPool, insertOrdersWithJobs, validateOrder, type BareCheckout, type BareEvent, type BareOrder } from './order-transaction';

/**
 * The ceiling for order acceptance: node:http + mysql2 doing what order's
 * POST /orders does — validate, commit the order, its job and its event with the
 * other checkouts of the same event-loop turn in one round trip, publish the
 * group's events in one message, answer 201 with the order — and nothing else: no framework, no logging,
 * no middleware. Runs as its own process, like the real service.
 *
 * Env: BARE_PORT, DATABASE_URL, REDIS_URL, BARE_CHANNEL (a channel of its own,
 * so its events wake no real worker or BFF).
 */
const port = Number(process.env['BARE_PORT']);
const pool = createOrderPool(String(process.env['DATABASE_URL']));
const redis = new Redis(String(process.env['REDIS_URL']), { maxRetriesPerRequest: 1 });
const channel = String(process.env['BARE_CHANNEL'] ?? 'mini-commerce.bench.bare');
const CORRELATION_ID = /^[A-Za-z0-9-]{8,64}$/;
/** As order's MAX_CHECKOUTS_PER_TRANSACTION. */
const MAX_GROUP = 100;

interface PendingCheckout extends BareCheckout {
  done: (result: { order: BareOrder; event: BareEvent } | Error) => void;
}
let pending: PendingCheckout[] = [];

/** Joins the group that commits at the end of this event-loop turn. */
function checkout(checkout: BareCheckout): Promise<{ order: BareOrder; event: BareEvent }> {
  return new Promise((resolve, reject) => {
    if (pending.length === 0) setImmediate(commitPending);
    pending.push({ ...checkout, done: (result) => (result instanceof Error ? reject(result) : resolve(result)) });
  });
}

function commitPending(): void {
  const checkouts = pending;
  pending = [];
  for (let start = 0; start < checkouts.length; start += MAX_GROUP) {
    const group = checkouts.slice(start, start + MAX_GROUP);
    insertOrdersWithJobs(pool, group).then(
      (results) => {
        // As order's publisher does: the events committed in one turn leave as one message.
        const events = results.map(({ event }) => event);
        redis.publish(channel, JSON.stringify({ pattern: channel, data: events })).catch(() => undefined);
        group.forEach(({ done }, index) => done(results[index]));
      },
      (error: unknown) => group.forEach(({ done }) => done(error instanceof Error ? error : new Error(String(error)))),
    );
  }
}

function reply(res: ServerResponse, status: number, body: unknown, correlationId?: string): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) };
  if (correlationId) headers['x-correlation-id'] = correlationId;
  res.writeHead(status, headers).end(text);
}

async function createOrder(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
  const incoming = req.headers['x-correlation-id'];
  const correlationId = typeof incoming === 'string' && CORRELATION_ID.test(incoming) ? incoming : randomUUID();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return reply(res, 400, { statusCode: 400, message: 'body is not JSON', error: 'Bad Request' }, correlationId);
  }
  const checked = validateOrder(parsed);
  if ('problem' in checked) return reply(res, 400, { statusCode: 400, message: [checked.problem], error: 'Bad Request' }, correlationId);
  try {
    const { order } = await checkout({ input: checked.order, correlationId });
    reply(res, 201, order, correlationId);
  } catch {
    reply(res, 503, { statusCode: 503, message: 'database unavailable', error: 'Service Unavailable' }, correlationId);
  }
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return reply(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || req.url !== '/orders') return reply(res, 404, { statusCode: 404, message: 'not found' });
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (raw += chunk));
  req.on('end', () => void createOrder(req, res, raw));
});
server.keepAliveTimeout = 65_000;

async function stop(): Promise<void> {
  server.close();
  server.closeAllConnections();
  await pool.end().catch(() => undefined);
  redis.disconnect();
  process.exit(0);
}

process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.on('disconnect', () => void stop());
server.listen(port, '127.0.0.1', () => process.send?.({ ready: true }));
