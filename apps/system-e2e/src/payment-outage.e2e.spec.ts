import { OrderEventType, OrderStatus, type OrderDto } from '@mini-commerce/contracts';
import { eventually, getJson, placeOrder, postJson, SseRecorder } from '@mini-commerce/testing';
import { queryRows, SystemUnderTest } from '@mini-commerce/system-harness';

const FAST_RETRIES = {
  JOB_BACKOFF_BASE_MS: '200',
  JOB_BACKOFF_MAX_MS: '1000',
  JOB_POLL_INTERVAL_MS: '250',
  PAYMENT_TIMEOUT_MS: '500',
  PAYMENT_CIRCUIT_MIN_CALLS: '3',
  PAYMENT_CIRCUIT_RESET_MS: '1000',
};

describe('payment down for a while', () => {
  let system: SystemUnderTest;
  let stream: SseRecorder;

  beforeAll(async () => {
    system = await SystemUnderTest.start('payment-outage', {
      portBase: 22_000,
      infrastructure: 'mysql+redis',
      env: { ...FAST_RETRIES, JOB_MAX_ATTEMPTS: '20' },
    });
    stream = new SseRecorder(`${system.bffUrl}/api/events`, Object.values(OrderEventType));
    await stream.waitUntilOpen();
  });

  afterAll(async () => {
    stream?.close();
    await system?.stop();
  });

  it('keeps orders waiting with backoff, opens the circuit, and pays every one when payment returns', async () => {
    await system.launcher.stop(system.service('payment'));
    const orders = await Promise.all([1, 2, 3, 4, 5].map(() => placeOrder(system.bffUrl)));
    for (const order of orders) await stream.waitFor(order.id, OrderEventType.PaymentRetrying);
    const worker = system.service('queue-worker#1');
    await eventually(() => worker.output.some((line) => line.includes('payment circuit open')), {
      what: 'the worker to open its payment circuit',
    });

    await system.launcher.start('payment');
    for (const order of orders) await stream.waitFor(order.id, OrderEventType.Paid, 20_000);

    const retries = stream.received.filter((event) => event.type === OrderEventType.PaymentRetrying);
    expect(retries.every((event) => typeof event.data.data['retryInMs'] === 'number')).toBe(true);
    const payments = await queryRows(system, 'SELECT order_id FROM payments');
    expect(payments.map((row) => row['order_id']).sort()).toEqual(orders.map((order) => order.id).sort());
    const unfinished = await queryRows(system, "SELECT id FROM payment_jobs WHERE status <> 'done'");
    expect(unfinished).toHaveLength(0);
  });
});

describe('payment down past the last attempt', () => {
  let system: SystemUnderTest;
  let stream: SseRecorder;

  beforeAll(async () => {
    system = await SystemUnderTest.start('dead-jobs', {
      portBase: 23_000,
      infrastructure: 'mysql+redis',
      env: { ...FAST_RETRIES, JOB_MAX_ATTEMPTS: '2', PAYMENT_CIRCUIT_MIN_CALLS: '50' },
    });
    stream = new SseRecorder(`${system.bffUrl}/api/events`, Object.values(OrderEventType));
    await stream.waitUntilOpen();
  });

  afterAll(async () => {
    stream?.close();
    await system?.stop();
  });

  it('fails the order with a clear reason, and an operator can requeue it to be paid', async () => {
    await system.launcher.stop(system.service('payment'));
    const order = await placeOrder(system.bffUrl);
    const failed = await stream.waitFor(order.id, OrderEventType.Failed);
    expect(failed.data.data['reason']).toMatch(/^payment unavailable after 2 attempts: /);
    const [job] = await queryRows(system, 'SELECT status FROM payment_jobs WHERE order_id = ?', [order.id]);
    expect(job['status']).toBe('dead');
    expect(await queryRows(system, 'SELECT id FROM payments')).toHaveLength(0);

    await system.launcher.start('payment');
    const workerUrl = `http://127.0.0.1:${system.env['WORKER_HTTP_PORT']}`;
    const requeued = await postJson<{ requeued: number }>(`${workerUrl}/jobs/dead/requeue`, { orderIds: [order.id] });
    expect(requeued).toMatchObject({ status: 200, body: { requeued: 1 } });

    await stream.waitFor(order.id, OrderEventType.Paid);
    const { body } = await getJson<OrderDto>(`${system.orderUrl}/orders/${order.id}`);
    expect(body).toMatchObject({ status: OrderStatus.Paid, failureReason: null });
    expect(stream.eventsFor(order.id).map((event) => event.type)).toContain(OrderEventType.PaymentRequeued);
  });

  it('rejects a requeue request with a malformed order id', async () => {
    const workerUrl = `http://127.0.0.1:${system.env['WORKER_HTTP_PORT']}`;
    const response = await postJson<{ message: string[] }>(`${workerUrl}/jobs/dead/requeue`, { orderIds: ['nope'] });
    expect(response.status).toBe(400);
    expect(response.body.message[0]).toMatch(/^each value in orderIds must be a UUID/);
  });
});
