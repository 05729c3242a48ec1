import { OrderEventType } from '@mini-commerce/contracts';
import { eventually, placeOrder, SseRecorder } from '@mini-commerce/testing';
import { queryRows, SystemUnderTest } from '@mini-commerce/system-harness';

describe('a worker killed, stopped or cut off from the database in the middle of a job', () => {
  let system: SystemUnderTest;
  let stream: SseRecorder;

  beforeAll(async () => {
    system = await SystemUnderTest.start('worker-crash', {
      portBase: 21_000,
      infrastructure: 'mysql+redis',
      // The charge takes 1.5 s, so the kill lands while payment is recording it.
      env: { PAYMENT_DELAY_MS: '1500', JOB_LEASE_MS: '2500', JOB_POLL_INTERVAL_MS: '250' },
    });
    stream = new SseRecorder(`${system.bffUrl}/api/events`, Object.values(OrderEventType));
    await stream.waitUntilOpen();
  });

  afterAll(async () => {
    stream?.close();
    await system?.stop();
  });

  it('loses no order: another worker takes the job after the lease, and payment charges it once', async () => {
    const order = await placeOrder(system.bffUrl);
    await stream.waitFor(order.id, OrderEventType.Processing);
    expect(await system.launcher.stop(system.service('queue-worker#1'), 'SIGKILL')).toBeNull();

    await system.startWorker(2);
    await stream.waitFor(order.id, OrderEventType.Paid, 20_000);

    const payments = await queryRows(system, 'SELECT id FROM payments WHERE order_id = ?', [order.id]);
    expect(payments).toHaveLength(1);
    const events = await queryRows(system, 'SELECT type, data FROM order_events WHERE order_id = ? ORDER BY id', [order.id]);
    expect(events.map((event) => event['type'])).toEqual([
      OrderEventType.Created,
      OrderEventType.Processing,
      OrderEventType.Processing,
      OrderEventType.Paid,
    ]);
    const claims = events.filter((event) => event['type'] === OrderEventType.Processing).map((e) => JSON.parse(e['data']));
    expect(claims).toEqual([
      { workerId: 'worker-1', attempt: 1 },
      { workerId: 'worker-2', attempt: 2 },
    ]);
    const paid = JSON.parse(events[3]['data']);
    expect(paid.paymentId).toBe(payments[0]['id']);
  });

  it('finishes in-flight work on SIGTERM instead of dropping it', async () => {
    const order = await placeOrder(system.bffUrl);
    await stream.waitFor(order.id, OrderEventType.Processing);
    const worker = system.service('queue-worker#2');
    await system.launcher.stop(worker, 'SIGTERM');
    // The worker waited for its charge to settle before exiting.
    await eventually(() => stream.eventsFor(order.id).some((event) => event.type === OrderEventType.Paid), {
      timeoutMs: 5_000,
      what: 'the paid event that the stopping worker settled',
    });
    expect(worker.output.join('\n')).toContain('job settled');
  });

  it('charges once when a claim loses its connection after its charge went out: the next claim gets that payment', async () => {
    // No worker runs now (the one above stopped on SIGTERM): the order waits for worker 3.
    const order = await placeOrder(system.bffUrl);
    // Hold the order's row so that the claim, its jobs locked and its charge sent, waits to commit.
    const blocker = await system.sql();
    await blocker.query('START TRANSACTION');
    await blocker.query('SELECT id FROM orders WHERE id = ? FOR UPDATE', [order.id]);
    const worker = await system.startWorker(3);

    const charged = await eventually(async () => (await queryRows(system, 'SELECT id FROM payments WHERE order_id = ?', [order.id]))[0], {
      timeoutMs: 10_000,
      what: 'the charge recorded while the claim waits to commit',
    });
    const claim = await eventually(async () => {
      const [waiting] = await queryRows(
        system,
        "SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND info LIKE 'UPDATE orders%' AND id <> CONNECTION_ID()",
      );
      return waiting;
    }, { what: "the claim's commit, waiting for the order's row" });
    await blocker.query(`KILL CONNECTION ${Number(claim['id'])}`);
    await blocker.query('ROLLBACK');
    await blocker.end();

    await stream.waitFor(order.id, OrderEventType.Paid, 10_000);
    const payments = await queryRows(system, 'SELECT id FROM payments WHERE order_id = ?', [order.id]);
    expect(payments).toEqual([{ id: charged['id'] }]);
    const events = await queryRows(system, 'SELECT type, data FROM order_events WHERE order_id = ? ORDER BY id', [order.id]);
    expect(events.map((event) => event['type'])).toEqual([OrderEventType.Created, OrderEventType.Processing, OrderEventType.Paid]);
    // The claim that lost its connection left no trace: the next one is attempt 1.
    expect(JSON.parse(events[1]['data'])).toEqual({ workerId: 'worker-3', attempt: 1 });
    expect(JSON.parse(events[2]['data']).paymentId).toBe(charged['id']);
    expect(worker.output.join('\n')).toContain('cannot claim jobs');
  });
});
