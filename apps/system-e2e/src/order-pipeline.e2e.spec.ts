import { randomUUID } from 'node:crypto';
import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import {
  OrderEventType,
  OrderStatus,
  ResumePoint,
  type OrderDto,
  type OrderEventDto,
  type OrderPageDto,
  type PaymentDto,
} from '@mini-commerce/contracts';
import { anOrder, eventually, getJson, placeOrder, postJson, SseRecorder } from '@mini-commerce/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { queryRows, SystemUnderTest, workspaceRoot } from '@mini-commerce/system-harness';

const EVENT_TYPES = Object.values(OrderEventType);

describe('order pipeline on MariaDB + Redis', () => {
  let system: SystemUnderTest;
  let stream: SseRecorder;

  beforeAll(async () => {
    system = await SystemUnderTest.start('pipeline', { portBase: 18_000, infrastructure: 'mysql+redis' });
    stream = new SseRecorder(`${system.bffUrl}/api/events`, EVENT_TYPES);
    await stream.waitUntilOpen();
  });

  afterAll(async () => {
    stream?.close();
    await system?.stop();
  });

  it('takes an order through created → processing → paid, streamed over SSE', async () => {
    const order = await placeOrder(system.bffUrl, { amount: 50_000 });
    expect(order).toMatchObject({ status: OrderStatus.Pending, amount: 50_000, quantity: 2 });

    await stream.waitFor(order.id, OrderEventType.Paid);
    const types = stream.eventsFor(order.id).map((event) => event.type);
    expect(types).toEqual([OrderEventType.Created, OrderEventType.Processing, OrderEventType.Paid]);

    // Each message's SSE id is where the browser would resume: past that event.
    const events = stream.eventsFor(order.id);
    expect(events.filter((event) => ResumePoint.parse(event.lastEventId)?.lacks(event.data.id) !== false)).toEqual([]);

    const stored = await getJson<OrderDto>(`${system.bffUrl}/api/orders/${order.id}`);
    expect(stored.body.status).toBe(OrderStatus.Paid);
    const payment = await getJson<PaymentDto>(`${system.paymentUrl}/payments/${order.id}`);
    expect(payment.body).toMatchObject({ orderId: order.id, status: 'approved', amount: 50_000 });
  });

  it('fails an order under Rp 10.000 with the reason', async () => {
    const order = await placeOrder(system.bffUrl, { amount: 5_000 });
    const failed = await stream.waitFor(order.id, OrderEventType.Failed);
    expect(failed.data.data['reason']).toMatch(/under the minimum of Rp 10\.000/);
    const stored = await getJson<OrderDto>(`${system.orderUrl}/orders/${order.id}`);
    expect(stored.body).toMatchObject({ status: OrderStatus.Failed, failureReason: expect.stringMatching(/Rp 5\.000/) });
  });

  it.each([
    ['an empty customer name', { customerName: '   ' }, 'customerName should not be empty'],
    ['a 101-character product', { productName: 'x'.repeat(101) }, 'productName must be shorter than or equal to 100 characters'],
    ['quantity 0', { quantity: 0 }, 'quantity must not be less than 1'],
    ['a fractional amount', { amount: 10_000.5 }, 'amount must be an integer number'],
    ['an amount as text', { amount: '50000' }, 'amount must be an integer number'],
    ['an amount past the upper bound', { amount: 2_000_000_000 }, 'amount must not be greater than 1000000000'],
    ['an unknown field', { coupon: 'FREE' }, 'property coupon should not exist'],
  ])('rejects %s with a 400 naming the field, storing nothing', async (_case, change, message) => {
    const before = await countOrders(system);
    for (const url of [`${system.bffUrl}/api/orders`, `${system.orderUrl}/orders`]) {
      const response = await postJson<{ message: string[] }>(url, { ...anOrder(), ...change });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(message);
    }
    expect(await countOrders(system)).toBe(before);
  });

  it('rejects malformed JSON and a missing body with 400', async () => {
    expect((await postJson(`${system.bffUrl}/api/orders`, '{"customerName":')).status).toBe(400);
    const missing = await postJson<{ message: string[] }>(`${system.bffUrl}/api/orders`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.message).toEqual(
      expect.arrayContaining([expect.stringMatching(/^customerName /), expect.stringMatching(/^amount /)]),
    );
  });

  it('answers 400 for a malformed order id and 404 for an unknown one', async () => {
    expect((await getJson(`${system.bffUrl}/api/orders/not-a-uuid`)).status).toBe(400);
    const unknown = await getJson<{ message: string }>(`${system.bffUrl}/api/orders/8d5d6f0e-1b7a-4a59-9d8e-6f1f7c3b2a10`);
    expect(unknown.status).toBe(404);
  });

  it('replays every missed event to a client that reconnects with a cursor, once each', async () => {
    const first = await placeOrder(system.bffUrl);
    const seen = await stream.waitFor(first.id, OrderEventType.Paid);
    const missed = [await placeOrder(system.bffUrl), await placeOrder(system.bffUrl, { amount: 1_000 })];
    await Promise.all(missed.map((order) => waitForTerminal(system, order.id)));

    const late = new SseRecorder(`${system.bffUrl}/api/events?after=${seen.data.id}`, EVENT_TYPES);
    try {
      for (const order of missed) await late.waitFor(order.id, order.amount < 10_000 ? OrderEventType.Failed : OrderEventType.Paid);
      const ids = late.received.map((event) => event.data.id);
      expect(Math.min(...ids)).toBeGreaterThan(seen.data.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    } finally {
      late.close();
    }
  });

  it('sends a resuming client an event that committed after higher ones it had received', async () => {
    // A transaction of order's that has taken an event id but not committed yet (its own order's
    // checkout, say, held up): the events after it commit first and reach the browser.
    const slowWriter = await system.sql();
    const lateOrderId = randomUUID();
    try {
      await slowWriter.query('START TRANSACTION');
      const [inserted] = await slowWriter.query<ResultSetHeader>(
        'INSERT INTO order_events (order_id, type, status, source, correlation_id, data, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [lateOrderId, OrderEventType.Created, OrderStatus.Pending, 'order', randomUUID(), '{}', Date.now()],
      );
      const order = await placeOrder(system.bffUrl);
      const received = await stream.waitFor(order.id, OrderEventType.Paid);
      // The browser's cursor names the id it has not had yet.
      expect(ResumePoint.parse(received.lastEventId)?.lacks(inserted.insertId)).toBe(true);

      // The browser reconnects with that cursor; then the slow transaction commits.
      const resumed = new SseRecorder(`${system.bffUrl}/api/events?after=${encodeURIComponent(received.lastEventId)}`, EVENT_TYPES);
      try {
        await resumed.waitUntilOpen();
        await slowWriter.query('COMMIT');

        // Never published (the test wrote it): the BFF's catch-up finds it in history.
        const late = await resumed.waitFor(lateOrderId, OrderEventType.Created);
        expect(late.data.id).toBe(inserted.insertId);
        expect(resumed.received.filter((event) => event.data.id <= received.data.id).map((event) => event.data.id)).toEqual([
          inserted.insertId,
        ]);
      } finally {
        resumed.close();
      }
    } finally {
      await slowWriter.end();
    }
  });

  it('answers 400 for a Last-Event-ID that is not an id', async () => {
    const response = await fetch(`${system.bffUrl}/api/events`, { headers: { 'last-event-id': 'abc' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: expect.stringMatching(/^Last-Event-ID must be an event id/) });
  });

  it('charges an order once however often payment is asked', async () => {
    const orderId = '0b0e8a5e-4c61-4d8e-8f7e-3f3c2b1a0d99';
    const first = await postJson<PaymentDto>(`${system.paymentUrl}/payments`, { orderId, amount: 20_000 });
    const again = await postJson<PaymentDto>(`${system.paymentUrl}/payments`, { orderId, amount: 20_000 });
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const sql = await system.sql();
    try {
      const [rows] = await sql.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM payments WHERE order_id = ?', [orderId]);
      expect(Number(rows[0]['n'])).toBe(1);
    } finally {
      await sql.end();
    }
  });

  it('carries one correlation id from the HTTP request through order, queue-worker and payment logs', async () => {
    const correlationId = 'e2e-trace-0001-abcdef';
    const created = await postJson<OrderDto>(`${system.bffUrl}/api/orders`, anOrder(), { 'x-correlation-id': correlationId });
    expect(created.headers.get('x-correlation-id')).toBe(correlationId);
    expect(created.body.correlationId).toBe(correlationId);
    await stream.waitFor(created.body.id, OrderEventType.Paid);
    expect(stream.eventsFor(created.body.id).every((event) => event.data.correlationId === correlationId)).toBe(true);
    expect(system.launcher.services.map((service) => service.app).sort()).toEqual(
      ['client-bff', 'order', 'payment', 'queue-worker'],
    );
    for (const service of system.launcher.services) {
      await eventually(() => service.output.some((line) => line.includes(correlationId)), {
        what: `${service.name} to log ${correlationId}`,
      });
    }
  });

  it('serves Swagger UI and the OpenAPI document on every service', async () => {
    const ports = ['BFF_HTTP_PORT', 'ORDER_HTTP_PORT', 'PAYMENT_HTTP_PORT', 'WORKER_HTTP_PORT'].map((v) => system.env[v]);
    for (const port of ports) {
      const ui = await fetch(`http://127.0.0.1:${port}/docs`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger-ui');
      const { body } = await getJson<{ paths: Record<string, unknown> }>(`http://127.0.0.1:${port}/docs-json`);
      expect(body.paths).toHaveProperty(['/health/ready']);
    }
    const { body } = await getJson<{ components: { schemas: Record<string, { required: string[] }> } }>(
      `${system.orderUrl}/docs-json`,
    );
    expect(body.components.schemas['CreateOrderDto'].required).toEqual(['customerName', 'productName', 'quantity', 'amount']);
  });

  it('mounts no operator controls unless OPERATOR_CONTROLS=true', async () => {
    expect((await fetch(`${system.bffUrl}/api/operator/worker`)).status).toBe(404);
    expect((await fetch(`${system.paymentUrl}/faults`)).status).toBe(404);
  });

  it('returns the same order for a retried checkout with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': `checkout-${Date.now()}` };
    const attempts = await Promise.all(
      [1, 2, 3, 4, 5].map(() => postJson<OrderDto>(`${system.bffUrl}/api/orders`, anOrder({ amount: 31_000 }), headers)),
    );
    expect(attempts.map((attempt) => attempt.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(attempts.map((attempt) => attempt.body.id)).size).toBe(1);
    expect(attempts.filter((attempt) => attempt.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);

    const reused = await postJson<{ message: string }>(`${system.bffUrl}/api/orders`, anOrder({ amount: 32_000 }), headers);
    expect(reused.status).toBe(409);
    expect(reused.body.message).toBe('Idempotency-Key was already used for a different order');
    const rows = await queryRows(system, 'SELECT id FROM orders WHERE idempotency_key = ?', [headers['idempotency-key']]);
    expect(rows).toHaveLength(1);
  });

  it('pages through orders newest first with a cursor, without overlap', async () => {
    const first = await getJson<OrderPageDto>(`${system.bffUrl}/api/orders?limit=3`);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await getJson<OrderPageDto>(`${system.bffUrl}/api/orders?limit=3&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items].map((order) => order.id);
    expect(new Set(ids).size).toBe(ids.length);
    const times = [...first.body.items, ...second.body.items].map((order) => order.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('exports every metric the Grafana dashboard charts', async () => {
    const dashboard = readFileSync(join(workspaceRoot, 'docker/grafana/mini-commerce.json'), 'utf8');
    const charted = new Set(
      [...dashboard.matchAll(/\b(mini_commerce_\w+|http_request_duration_seconds\w*)/g)].map(([name]) =>
        name.replace(/_(bucket|count|sum)$/, ''),
      ),
    );
    const ports = ['BFF_HTTP_PORT', 'ORDER_HTTP_PORT', 'PAYMENT_HTTP_PORT', 'WORKER_HTTP_PORT'].map((v) => system.env[v]);
    const exported = (await Promise.all(ports.map(async (port) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text()))).join('\n');
    expect(charted.size).toBeGreaterThan(5);
    for (const metric of charted) expect(exported).toContain(`# TYPE ${metric} `);
  });

  it('reports readiness with the database check', async () => {
    const { status, body } = await getJson<{ status: string; details: Record<string, unknown> }>(`${system.orderUrl}/health/ready`);
    expect(status).toBe(200);
    expect(body.details).toHaveProperty('database');
  });
});

async function countOrders(system: SystemUnderTest): Promise<number> {
  const sql = await system.sql();
  try {
    const [rows] = await sql.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM orders');
    return Number(rows[0]['n']);
  } finally {
    await sql.end();
  }
}

async function waitForTerminal(system: SystemUnderTest, orderId: string): Promise<OrderEventDto[]> {
  return eventually(async () => {
    const { body } = await getJson<OrderEventDto[]>(`${system.orderUrl}/orders/${orderId}/events`);
    return body.some((event) => event.type === OrderEventType.Paid || event.type === OrderEventType.Failed) && body;
  });
}
