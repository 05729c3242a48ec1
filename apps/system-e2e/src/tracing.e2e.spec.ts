import { randomUUID } from 'node:crypto';
import { OrderStatus, type OrderDto } from '@mini-commerce/contracts';
import { SystemUnderTest } from '@mini-commerce/system-harness';
import { anOrder, eventually, getJson, OtlpReceiver, postJson, type ReceivedSpan } from '@mini-commerce/testing';

const CORRELATION_ID = 'mini_commerce.correlation_id';
const SERVER = 2;
const CLIENT = 3;
const CONSUMER = 5;
const HTTP = '@opentelemetry/instrumentation-http';
const MYSQL = '@opentelemetry/instrumentation-mysql2';
const REDIS = '@opentelemetry/instrumentation-ioredis';

describe('OpenTelemetry traces exported over OTLP/HTTP', () => {
  let receiver: OtlpReceiver;
  let system: SystemUnderTest;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    system = await SystemUnderTest.start('tracing', {
      portBase: 29_500,
      infrastructure: 'mysql+redis',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '200' },
    });
  });

  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
  });

  it('follows one order across the four services: HTTP, Nest TCP, the queue, MySQL and Redis', async () => {
    const correlationId = `trace-${randomUUID()}`;
    const created = await postJson<OrderDto>(`${system.bffUrl}/api/orders`, anOrder(), { 'x-correlation-id': correlationId });
    expect(created.status).toBe(201);
    await eventually(
      async () => (await getJson<OrderDto>(`${system.bffUrl}/api/orders/${created.body.id}`)).body.status === OrderStatus.Paid,
      { timeoutMs: 20_000, what: 'the order to be paid' },
    );

    const spans = receiver.spans;
    const find = (what: string, match: (span: ReceivedSpan) => boolean) =>
      eventually(() => spans.find(match), { timeoutMs: 10_000, what });
    const ofOrder = (span: ReceivedSpan) => span.attributes[CORRELATION_ID] === correlationId;

    // HTTP: the BFF's server span and order's share a trace (traceparent on the proxied request).
    const bffServer = await find('the BFF HTTP server span', (s) => s.service === 'client-bff' && s.scope === HTTP && s.kind === SERVER && ofOrder(s));
    const orderServer = await find('order HTTP server span', (s) => s.service === 'order' && s.scope === HTTP && s.kind === SERVER && ofOrder(s));
    expect(orderServer.traceId).toBe(bffServer.traceId);
    const bffClient = spans.find((s) => s.spanId === orderServer.parentSpanId);
    expect(bffClient).toMatchObject({ service: 'client-bff', kind: CLIENT, traceId: bffServer.traceId });

    // Nest TCP: payment's charge span is the child of the worker's job span (traceparent in the message).
    const job = await find('the worker job span', (s) => s.service === 'queue-worker' && s.name === 'payment-job.process' && ofOrder(s));
    expect(job).toMatchObject({ kind: CONSUMER, attributes: expect.objectContaining({ 'mini_commerce.order_id': created.body.id }) });
    const charge = await find('the payment charge span', (s) => s.service === 'payment' && s.name === 'payment.charge' && ofOrder(s));
    expect(charge).toMatchObject({ kind: SERVER, traceId: job.traceId, parentSpanId: job.spanId });

    // The database and Redis, inside those traces: order's insert and event publish, payment's insert.
    await find('a MySQL span of the order request', (s) => s.scope === MYSQL && s.service === 'order' && s.traceId === bffServer.traceId);
    await find('a Redis span of the order request', (s) => s.scope === REDIS && s.service === 'order' && s.traceId === bffServer.traceId);
    // Payment records a batch's charges with one INSERT, in a batch span linked to each job's span.
    const linksToJob = (s: ReceivedSpan) => s.links?.some((link) => link.traceId === job.traceId && link.spanId === job.spanId);
    const batch = await find('the payment batch span', (s) => s.service === 'payment' && s.name === 'payment.charge-batch' && !!linksToJob(s));
    await find('a MySQL span of the charge', (s) => s.scope === MYSQL && s.service === 'payment' && s.traceId === batch.traceId);

    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['client-bff', 'order', 'payment', 'queue-worker']));
    expect(receiver.rejected).toEqual([]);
  });

  it('exports no trace of probes, or of queries and polls made outside any request or job', () => {
    // The harness polled /health/ready of every service; the worker polls the queue, the BFF the history.
    const roots = receiver.spans.filter((s) => !s.parentSpanId);
    expect(roots.filter((s) => /^\/(health|metrics)/.test(String(s.attributes['url.path'])))).toEqual([]);
    expect(roots.filter((s) => s.kind === CLIENT)).toEqual([]);
  });
});
