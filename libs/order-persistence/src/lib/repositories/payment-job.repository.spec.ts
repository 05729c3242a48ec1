import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { OrderEventType, OrderStatus } from '@mini-commerce/contracts';
import type { TestBackend } from '@mini-commerce/testing';
import { openOrderDatabase, roundTripsDuring } from './migrated-database.test-helper';
import { OrderEventEntity } from '../entities/order-event.entity';
import { OrderEntity } from '../entities/order.entity';
import { PaymentJobEntity, PaymentJobStatus } from '../entities/payment-job.entity';
import type { JobClaim } from './job-claim';
import { OrderEventRepository } from './order-event.repository';
import { OrderRepository } from './order.repository';
import { PaymentJobRepository } from './payment-job.repository';

/** Integration test: the real MariaDB server and a real SQLite file, migrated like production. */
const openDatabase = (backend: TestBackend) => openOrderDatabase(backend, 'payment_jobs');

const LONG_LEASE_MS = 30_000;
const SHORT_LEASE_MS = 300;

describe.each(['MariaDB', 'SQLite'] as const)('PaymentJobRepository on %s', (backend) => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let jobs: PaymentJobRepository;
  let history: OrderEventRepository;
  let orders: OrderRepository;
  /** A test only MariaDB has: SQLite runs in-process, with no round trips to save. */
  const onMysql = (name: string, test: () => Promise<void>) => {
    if (backend === 'MariaDB') it(name, test);
  };

  const placeOrder = async (amount = 50_000) => {
    const input = {
      id: randomUUID(),
      customerName: 'Siti',
      productName: 'Kopi',
      quantity: 1,
      amount,
      correlationId: randomUUID(),
    };
    await orders.createWithPaymentJob(input);
    return input;
  };
  const orderRow = (id: string) => dataSource.getRepository(OrderEntity).findOneByOrFail({ id });
  const jobRow = (orderId: string) => dataSource.getRepository(PaymentJobEntity).findOneByOrFail({ orderId });
  const eventTypes = async (orderId: string) => (await history.listForOrder(orderId)).map((event) => event.type);
  /** A settled, paid order: order paid, job done and released, one terminal event after created and processing. */
  const expectPaidAndSettled = async (orderId: string) => {
    expect(await orderRow(orderId)).toMatchObject({ status: OrderStatus.Paid, failureReason: null });
    expect(await jobRow(orderId)).toMatchObject({ status: PaymentJobStatus.Done, lockedBy: null, lastError: null });
    expect(await eventTypes(orderId)).toEqual([OrderEventType.Created, OrderEventType.Processing, OrderEventType.Paid]);
  };
  /** At most one claim, as a list: empty when nothing is claimable. */
  const claimOne = async (workerId: string, leaseMs = LONG_LEASE_MS): Promise<JobClaim[]> =>
    (await jobs.claimNext(workerId, 1, leaseMs)).claims;

  beforeAll(async () => {
    ({ dataSource, close } = await openDatabase(backend));
    jobs = new PaymentJobRepository(dataSource);
    history = new OrderEventRepository(dataSource);
    orders = new OrderRepository(dataSource);
  }, 30_000);

  afterAll(async () => {
    await close?.();
  });

  beforeEach(async () => {
    for (const entity of [OrderEventEntity, PaymentJobEntity, OrderEntity]) {
      await dataSource.getRepository(entity).clear();
    }
  });

  describe('claimNext', () => {
    it('leases due jobs, moves their orders to processing and records order.processing', async () => {
      const placed = [await placeOrder(20_000), await placeOrder(30_000)];
      const before = Date.now();

      const { claims, events } = await jobs.claimNext('worker-a', 10, LONG_LEASE_MS);

      expect(claims).toHaveLength(2);
      for (const order of placed) {
        const claim = claims.find((candidate) => candidate.orderId === order.id);
        expect(claim).toEqual({
          jobId: expect.any(Number),
          orderId: order.id,
          amount: order.amount,
          attempt: 1,
          workerId: 'worker-a',
          correlationId: order.correlationId,
        });
        expect(events).toContainEqual(
          expect.objectContaining({
            type: OrderEventType.Processing,
            orderId: order.id,
            status: OrderStatus.Processing,
            source: 'queue-worker',
            data: { workerId: 'worker-a', attempt: 1 },
          }),
        );
        expect((await orderRow(order.id)).status).toBe(OrderStatus.Processing);
        const job = await jobRow(order.id);
        expect(job).toMatchObject({ status: PaymentJobStatus.Running, lockedBy: 'worker-a', attempts: 1 });
        expect(job.availableAt).toBeGreaterThanOrEqual(before + LONG_LEASE_MS);
      }
      expect(events.map((event) => event.id)).toEqual(
        (await history.listAfter(0, 100))
          .filter((event) => event.type === OrderEventType.Processing)
          .map((event) => event.id),
      );
    });

    it('reads each leased job once: the claim is built from the rows it locked', async () => {
      for (let i = 0; i < 3; i++) await placeOrder();

      const roundTrips = await roundTripsDuring(dataSource, () => jobs.claimNext('worker-a', 10, LONG_LEASE_MS));

      const jobReads = statementsOf(roundTrips).filter((sql) => /^SELECT[\s\S]*FROM [`"]?payment_jobs/i.test(sql));
      // MySQL: one locking read per status range (expired leases, then queued); SQLite: none (UPDATE … RETURNING).
      expect(jobReads).toHaveLength(backend === 'MariaDB' ? 2 : 0);
    });

    onMysql('claims in three round trips: START with the first locking read, the second read, the writes with COMMIT', async () => {
      for (let i = 0; i < 3; i++) await placeOrder();

      const roundTrips = await roundTripsDuring(dataSource, () => jobs.claimNext('worker-a', 10, LONG_LEASE_MS));

      expect(roundTrips.map((sql) => statementsOf([sql]).map(statementKind))).toEqual([
        ['START TRANSACTION', 'SELECT payment_jobs'],
        ['SELECT payment_jobs'],
        ['UPDATE payment_jobs', 'UPDATE orders', 'INSERT INTO order_events', 'COMMIT'],
      ]);
    });

    onMysql('claims new jobs in two round trips when it need not look for expired leases', async () => {
      for (let i = 0; i < 3; i++) await placeOrder();

      const roundTrips = await roundTripsDuring(dataSource, () =>
        jobs.claimNext('worker-a', 10, LONG_LEASE_MS, { expiredLeases: false }),
      );

      expect(roundTrips.map((sql) => statementsOf([sql]).map(statementKind))).toEqual([
        ['START TRANSACTION', 'SELECT payment_jobs'],
        ['UPDATE payment_jobs', 'UPDATE orders', 'INSERT INTO order_events', 'COMMIT'],
      ]);
    });

    it('tells onLocked of the jobs it locked before it commits their lease, and leases exactly those', async () => {
      for (let i = 0; i < 3; i++) await placeOrder();
      const heard: JobClaim[][] = [];
      let sentWhenLocked: string[] = [];
      let claims: JobClaim[] = [];

      const roundTrips = await roundTripsDuring(dataSource, async (sentSoFar) => {
        ({ claims } = await jobs.claimNext('worker-a', 2, LONG_LEASE_MS, {
          onLocked: (locked) => {
            heard.push([...locked]);
            sentWhenLocked = sentSoFar();
          },
        }));
      });

      expect(claims).toHaveLength(2);
      expect(heard).toEqual([claims]);
      expect(statementsOf(sentWhenLocked).map(statementKind)).not.toContain('COMMIT');
      expect(statementsOf(roundTrips).map(statementKind)).toContain('COMMIT');
      for (const { orderId } of claims) expect(await jobRow(orderId)).toMatchObject({ status: PaymentJobStatus.Running });
    });

    it('takes at most `limit` jobs and never one that is leased', async () => {
      for (let i = 0; i < 3; i++) await placeOrder();

      const first = await jobs.claimNext('worker-a', 2, LONG_LEASE_MS);
      const second = await jobs.claimNext('worker-b', 2, LONG_LEASE_MS);
      const third = await jobs.claimNext('worker-c', 2, LONG_LEASE_MS);

      expect(first.claims).toHaveLength(2);
      expect(second.claims).toHaveLength(1);
      expect(first.claims.map((claim) => claim.jobId)).not.toContain(second.claims[0].jobId);
      expect(third).toEqual({ claims: [], events: [] });
    });

    it('hands each of 60 jobs to exactly one of 4 workers claiming at the same time', async () => {
      const placed = new Set<string>();
      for (let i = 0; i < 60; i++) placed.add((await placeOrder()).id);

      const claimUntilEmpty = async (workerId: string) => {
        const taken: JobClaim[] = [];
        let batch = await jobs.claimNext(workerId, 3, LONG_LEASE_MS);
        while (batch.claims.length > 0) {
          taken.push(...batch.claims);
          batch = await jobs.claimNext(workerId, 3, LONG_LEASE_MS);
        }
        return taken;
      };
      const claims = (await Promise.all(['w1', 'w2', 'w3', 'w4'].map(claimUntilEmpty))).flat();

      expect(new Set(claims.map((claim) => claim.jobId)).size).toBe(claims.length);
      expect(new Set(claims.map((claim) => claim.orderId))).toEqual(placed);
      const processing = (await history.listAfter(0, 1_000)).filter(
        (event) => event.type === OrderEventType.Processing,
      );
      expect(processing).toHaveLength(60);
    });

    it('gives workers claiming at the same moment a different due job each, not an empty queue', async () => {
      for (let i = 0; i < 20; i++) await placeOrder();

      const batches = await Promise.all(
        ['w1', 'w2', 'w3', 'w4'].map((workerId) => jobs.claimNext(workerId, 1, LONG_LEASE_MS)),
      );

      const jobIds = batches.map((batch) => batch.claims[0]?.jobId);
      expect(jobIds).toEqual([expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number)]);
      expect(new Set(jobIds).size).toBe(4);
    });
  });

  describe('leases', () => {
    it('hands a job to another worker only after its lease expires; the first worker then cannot settle it', async () => {
      const order = await placeOrder();
      const [first] = await claimOne('worker-a', SHORT_LEASE_MS);
      expect(await claimOne('worker-b')).toEqual([]);

      await sleep(SHORT_LEASE_MS + 100);
      const [second] = await claimOne('worker-b');

      expect(second).toMatchObject({ jobId: first.jobId, attempt: 2, workerId: 'worker-b' });
      expect(await jobs.complete(first, { paid: true, paymentId: 'pay-a' })).toEqual([]);
      expect((await orderRow(order.id)).status).toBe(OrderStatus.Processing);
      expect(await jobRow(order.id)).toMatchObject({ status: PaymentJobStatus.Running, lockedBy: 'worker-b' });

      const settled = await jobs.complete(second, { paid: true, paymentId: 'pay-b' });

      expect(settled.map((event) => event.data)).toEqual([{ paymentId: 'pay-b', workerId: 'worker-b', attempt: 2 }]);
      expect((await orderRow(order.id)).status).toBe(OrderStatus.Paid);
    });
  });

  describe('settling', () => {
    it('completes a paid job: order paid, job done, exactly one order.paid event', async () => {
      const order = await placeOrder();
      const [claim] = await claimOne('worker-a');

      const events = await jobs.complete(claim, { paid: true, paymentId: 'pay-1' });
      const again = await jobs.complete(claim, { paid: true, paymentId: 'pay-1' });

      expect(events).toEqual([
        expect.objectContaining({
          type: OrderEventType.Paid,
          orderId: order.id,
          status: OrderStatus.Paid,
          correlationId: order.correlationId,
          data: { paymentId: 'pay-1', workerId: 'worker-a', attempt: 1 },
        }),
      ]);
      expect(again).toEqual([]);
      await expectPaidAndSettled(order.id);
    });

    it('completes a declined job: order failed with the decline reason', async () => {
      const order = await placeOrder(5_000);
      const [claim] = await claimOne('worker-a');
      const reason = 'amount Rp 5.000 is under the minimum of Rp 10.000';

      const events = await jobs.complete(claim, { paid: false, paymentId: 'pay-2', reason });

      expect(events).toEqual([
        expect.objectContaining({
          type: OrderEventType.Failed,
          status: OrderStatus.Failed,
          data: expect.objectContaining({ reason }),
        }),
      ]);
      expect(await orderRow(order.id)).toMatchObject({ status: OrderStatus.Failed, failureReason: reason });
      expect((await jobRow(order.id)).status).toBe(PaymentJobStatus.Done);
    });

    it('settles a whole claimed batch at once, as the worker does', async () => {
      const placed = [await placeOrder(), await placeOrder(), await placeOrder()];
      const { claims } = await jobs.claimNext('worker-a', 10, LONG_LEASE_MS);

      const results = await Promise.allSettled(
        claims.map((claim) => jobs.complete(claim, { paid: true, paymentId: randomUUID() })),
      );

      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      for (const order of placed) expect((await orderRow(order.id)).status).toBe(OrderStatus.Paid);
    });

    it('requeues a job until its retry is due and records order.payment_retrying', async () => {
      const order = await placeOrder();
      const [claim] = await claimOne('worker-a');
      const before = Date.now();

      const events = await jobs.retryLater(claim, 'payment timed out', SHORT_LEASE_MS);

      expect(events).toEqual([
        expect.objectContaining({
          type: OrderEventType.PaymentRetrying,
          status: OrderStatus.Processing,
          data: { attempt: 1, retryInMs: SHORT_LEASE_MS, error: 'payment timed out' },
        }),
      ]);
      const job = await jobRow(order.id);
      expect(job).toMatchObject({ status: PaymentJobStatus.Queued, lockedBy: null, lastError: 'payment timed out' });
      expect(job.availableAt).toBeGreaterThanOrEqual(before + SHORT_LEASE_MS);
      expect((await orderRow(order.id)).status).toBe(OrderStatus.Processing);
      expect(await claimOne('worker-b')).toEqual([]);

      await sleep(SHORT_LEASE_MS + 100);

      expect(await claimOne('worker-b')).toEqual([expect.objectContaining({ orderId: order.id, attempt: 2 })]);
    });

    it('buries a job for good: dead, order failed with the reason', async () => {
      const order = await placeOrder();
      const [claim] = await claimOne('worker-a', 1);
      const reason = 'payment unavailable after 1 attempts: timeout';

      const events = await jobs.bury(claim, reason);
      await sleep(10);

      expect(events).toEqual([
        expect.objectContaining({
          type: OrderEventType.Failed,
          status: OrderStatus.Failed,
          data: { reason, attempt: 1 },
        }),
      ]);
      expect(await orderRow(order.id)).toMatchObject({ status: OrderStatus.Failed, failureReason: reason });
      expect(await jobRow(order.id)).toMatchObject({
        status: PaymentJobStatus.Dead,
        lastError: reason,
        lockedBy: null,
      });
      expect(await claimOne('worker-b')).toEqual([]);
    });
  });

  describe('completeMany', () => {
    const approved = (paymentId: string) => ({ paid: true as const, paymentId });
    const declined = (paymentId: string, reason: string) => ({ paid: false as const, paymentId, reason });
    const claimAll = async (workerId: string, leaseMs = LONG_LEASE_MS) =>
      (await jobs.claimNext(workerId, 10, leaseMs)).claims;
    const claimOf = (claims: JobClaim[], orderId: string): JobClaim => {
      const claim = claims.find((candidate) => candidate.orderId === orderId);
      if (!claim) throw new Error(`order ${orderId} was not claimed`);
      return claim;
    };

    it('settles a whole charged batch in one go: orders paid, jobs done, one order.paid each with its real id', async () => {
      const placed = [await placeOrder(), await placeOrder(), await placeOrder()];
      const claims = await claimAll('worker-a');
      const settlements = placed.map((order, index) => ({
        claim: claimOf(claims, order.id),
        outcome: approved(`pay-${index}`),
      }));

      const settled = await jobs.completeMany(settlements);

      expect(settled).toEqual(
        placed.map((order, index) => [
          expect.objectContaining({
            type: OrderEventType.Paid,
            orderId: order.id,
            status: OrderStatus.Paid,
            correlationId: order.correlationId,
            source: 'queue-worker',
            data: { paymentId: `pay-${index}`, workerId: 'worker-a', attempt: 1 },
          }),
        ]),
      );
      const stored = (await history.listAfter(0, 100)).filter((event) => event.type === OrderEventType.Paid);
      expect(settled.flat()).toEqual(stored);
      for (const order of placed) await expectPaidAndSettled(order.id);
    });

    it('settles approved and declined jobs together, each declined order failed with its own reason', async () => {
      const [paid, small, smaller] = [await placeOrder(50_000), await placeOrder(5_000), await placeOrder(2_000)];
      const claims = await claimAll('worker-a');
      const reasons = {
        [small.id]: 'amount Rp 5.000 is under the minimum of Rp 10.000',
        [smaller.id]: 'amount Rp 2.000 is under the minimum of Rp 10.000',
      };

      const settled = await jobs.completeMany([
        { claim: claimOf(claims, small.id), outcome: declined('pay-small', reasons[small.id]) },
        { claim: claimOf(claims, paid.id), outcome: approved('pay-paid') },
        { claim: claimOf(claims, smaller.id), outcome: declined('pay-smaller', reasons[smaller.id]) },
      ]);

      expect(settled.map((events) => events.map((event) => [event.orderId, event.type, event.data['reason']]))).toEqual([
        [[small.id, OrderEventType.Failed, reasons[small.id]]],
        [[paid.id, OrderEventType.Paid, undefined]],
        [[smaller.id, OrderEventType.Failed, reasons[smaller.id]]],
      ]);
      expect(await orderRow(paid.id)).toMatchObject({ status: OrderStatus.Paid, failureReason: null });
      for (const order of [small, smaller]) {
        expect(await orderRow(order.id)).toMatchObject({ status: OrderStatus.Failed, failureReason: reasons[order.id] });
      }
      for (const order of [paid, small, smaller]) expect((await jobRow(order.id)).status).toBe(PaymentJobStatus.Done);
    });

    it('writes a batch with one UPDATE for the jobs, one per order outcome and one INSERT for the events', async () => {
      const placed = [await placeOrder(), await placeOrder(), await placeOrder(5_000), await placeOrder(6_000)];
      const claims = await claimAll('worker-a');
      const outcomes = [approved('p1'), approved('p2'), declined('p3', 'too small'), declined('p4', 'too small')];

      const roundTrips = await roundTripsDuring(dataSource, () =>
        jobs.completeMany(placed.map((order, index) => ({ claim: claimOf(claims, order.id), outcome: outcomes[index] }))),
      );

      const writes = statementsOf(roundTrips)
        .map(statementKind)
        .filter((kind) => /^(INSERT|UPDATE)/.test(kind));
      expect(writes.sort()).toEqual(
        ['INSERT INTO order_events', 'UPDATE orders', 'UPDATE orders', 'UPDATE payment_jobs'].sort(),
      );
      // MySQL: START with the locking read, then every write with COMMIT.
      if (backend === 'MariaDB') expect(roundTrips).toHaveLength(2);
    });

    it('leaves out a job whose lease expired and another worker re-claimed, and settles the rest', async () => {
      const [lapsed, kept] = [await placeOrder(), await placeOrder()];
      const ownClaims = await claimAll('worker-a', SHORT_LEASE_MS);
      await sleep(SHORT_LEASE_MS + 100);
      // Both leases lapsed, but only one job was taken over: the other is still worker-a's to settle.
      const [takeover] = await claimOne('worker-b');
      const [retaken, held] = takeover.orderId === lapsed.id ? [lapsed, kept] : [kept, lapsed];

      const settled = await jobs.completeMany([
        { claim: claimOf(ownClaims, retaken.id), outcome: approved('pay-stale') },
        { claim: claimOf(ownClaims, held.id), outcome: approved('pay-held') },
      ]);

      expect(settled[0]).toEqual([]);
      expect(settled[1]).toEqual([expect.objectContaining({ orderId: held.id, type: OrderEventType.Paid })]);
      expect(await orderRow(retaken.id)).toMatchObject({ status: OrderStatus.Processing });
      expect(await jobRow(retaken.id)).toMatchObject({ status: PaymentJobStatus.Running, lockedBy: 'worker-b', attempts: 2 });
      expect(await eventTypes(retaken.id)).not.toContain(OrderEventType.Paid);
      expect((await orderRow(held.id)).status).toBe(OrderStatus.Paid);

      // The worker that holds the lease now settles it as usual.
      expect(await jobs.completeMany([{ claim: takeover, outcome: approved('pay-b') }])).toEqual([
        [expect.objectContaining({ orderId: retaken.id, type: OrderEventType.Paid, data: expect.objectContaining({ paymentId: 'pay-b' }) })],
      ]);
    });

    it('records exactly one terminal event per order when a batch is settled twice', async () => {
      const placed = [await placeOrder(), await placeOrder(5_000)];
      const claims = await claimAll('worker-a');
      const settlements = [
        { claim: claimOf(claims, placed[0].id), outcome: approved('pay-1') },
        { claim: claimOf(claims, placed[1].id), outcome: declined('pay-2', 'too small') },
      ];

      await jobs.completeMany(settlements);
      const again = await jobs.completeMany(settlements);
      await jobs.complete(settlements[0].claim, settlements[0].outcome);

      expect(again).toEqual([[], []]);
      for (const order of placed) {
        const terminal = (await eventTypes(order.id)).filter(
          (type) => type === OrderEventType.Paid || type === OrderEventType.Failed,
        );
        expect(terminal).toHaveLength(1);
      }
    });

    it('settles the batches of 4 workers at the same time, each order once', async () => {
      const placed = new Set<string>();
      for (let i = 0; i < 20; i++) placed.add((await placeOrder()).id);
      const batches = await Promise.all(['w1', 'w2', 'w3', 'w4'].map((workerId) => jobs.claimNext(workerId, 5, LONG_LEASE_MS)));

      const settled = await Promise.all(
        batches.map(({ claims }) => jobs.completeMany(claims.map((claim) => ({ claim, outcome: approved(randomUUID()) })))),
      );

      const paid = settled.flat(2);
      expect(new Set(paid.map((event) => event.orderId))).toEqual(placed);
      expect(paid).toHaveLength(20);
      const stored = new Map((await history.listAfter(0, 1_000)).map((event) => [event.id, event]));
      expect(paid.map((event) => stored.get(event.id))).toEqual(paid);
      for (const orderId of placed) expect((await orderRow(orderId)).status).toBe(OrderStatus.Paid);
    });

    it('does nothing for an empty batch', async () => {
      expect(await jobs.completeMany([])).toEqual([]);
    });
  });

  describe('requeueDead', () => {
    /** An order whose payment job was given up on: job dead, order failed with `reason`. */
    const placeDeadOrder = async (reason = 'payment unavailable after 8 attempts: timeout') => {
      const order = await placeOrder();
      const [claim] = await claimOne('worker-a');
      expect(claim.orderId).toBe(order.id);
      await jobs.bury(claim, reason);
      return { ...order, reason };
    };

    it('puts every dead job back in the queue with fresh attempts and its failed order back to processing', async () => {
      const dead = [await placeDeadOrder('payment unavailable: timeout'), await placeDeadOrder('payment unavailable: ECONNREFUSED')];
      const before = Date.now();

      const events = await jobs.requeueDead();

      expect(events).toHaveLength(2);
      for (const order of dead) {
        expect(events).toContainEqual(
          expect.objectContaining({
            type: OrderEventType.PaymentRequeued,
            orderId: order.id,
            status: OrderStatus.Processing,
            source: 'queue-worker',
            correlationId: order.correlationId,
            data: { previousError: order.reason },
          }),
        );
        const job = await jobRow(order.id);
        expect(job).toMatchObject({ status: PaymentJobStatus.Queued, attempts: 0, lockedBy: null });
        expect(job.availableAt).toBeGreaterThanOrEqual(before);
        expect(job.availableAt).toBeLessThanOrEqual(Date.now());
        expect(await orderRow(order.id)).toMatchObject({ status: OrderStatus.Processing, failureReason: null });
        expect((await eventTypes(order.id)).filter((type) => type === OrderEventType.PaymentRequeued)).toHaveLength(1);
      }
      expect(events.map((event) => event.id)).toEqual(
        (await history.listAfter(0, 100))
          .filter((event) => event.type === OrderEventType.PaymentRequeued)
          .map((event) => event.id),
      );
    });

    it('requeues only the dead jobs of the orders it is given', async () => {
      const [chosen, other] = [await placeDeadOrder(), await placeDeadOrder()];

      const events = await jobs.requeueDead([chosen.id]);

      expect(events.map((event) => event.orderId)).toEqual([chosen.id]);
      expect((await jobRow(chosen.id)).status).toBe(PaymentJobStatus.Queued);
      expect(await jobRow(other.id)).toMatchObject({ status: PaymentJobStatus.Dead, lastError: other.reason });
      expect(await orderRow(other.id)).toMatchObject({ status: OrderStatus.Failed, failureReason: other.reason });
      expect(await eventTypes(other.id)).not.toContain(OrderEventType.PaymentRequeued);
    });

    it('requeues nothing when given an empty list of orders', async () => {
      const dead = await placeDeadOrder();

      expect(await jobs.requeueDead([])).toEqual([]);
      expect((await jobRow(dead.id)).status).toBe(PaymentJobStatus.Dead);
    });

    it('leaves queued, running and finished jobs and their orders alone', async () => {
      const dead = await placeDeadOrder();
      const paidOrder = await placeOrder();
      const [paidClaim] = await claimOne('worker-a');
      await jobs.complete(paidClaim, { paid: true, paymentId: 'pay-1' });
      const runningOrder = await placeOrder();
      await claimOne('worker-a');
      const queuedOrder = await placeOrder();
      const untouched = [paidOrder.id, runningOrder.id, queuedOrder.id];
      const snapshot = async () =>
        Promise.all(untouched.map(async (id) => ({ job: await jobRow(id), order: await orderRow(id) })));
      const before = await snapshot();

      const events = await jobs.requeueDead();

      expect(events.map((event) => event.orderId)).toEqual([dead.id]);
      expect(await snapshot()).toEqual(before);
      for (const id of untouched) expect(await eventTypes(id)).not.toContain(OrderEventType.PaymentRequeued);
    });

    it('makes a requeued job claimable again, starting over at attempt 1', async () => {
      const dead = await placeDeadOrder();
      expect(await claimOne('worker-b')).toEqual([]);

      await jobs.requeueDead([dead.id]);

      expect(await claimOne('worker-b')).toEqual([
        expect.objectContaining({ orderId: dead.id, attempt: 1, workerId: 'worker-b' }),
      ]);
    });

    it('returns no events, and changes nothing, when there is no dead job', async () => {
      const queued = await placeOrder();

      expect(await jobs.requeueDead()).toEqual([]);
      expect(await jobRow(queued.id)).toMatchObject({ status: PaymentJobStatus.Queued, attempts: 0 });
    });
  });

  describe('queueStats', () => {
    const ageJob = (orderId: string, ageMs: number) =>
      dataSource.getRepository(PaymentJobEntity).update({ orderId }, { createdAt: Date.now() - ageMs });

    it('reports an empty queue as depth 0 and age 0', async () => {
      expect(await jobs.queueStats()).toEqual({ depth: 0, oldestAgeMs: 0 });
    });

    it('counts queued and running jobs, not done or dead ones, and ages the oldest unfinished one', async () => {
      const done = await placeOrder();
      await jobs.complete((await claimOne('worker-a'))[0], { paid: true, paymentId: 'pay-1' });
      const dead = await placeOrder();
      await jobs.bury((await claimOne('worker-a'))[0], 'gave up');
      const running = await placeOrder();
      await claimOne('worker-a');
      const queued = await placeOrder();
      // Finished jobs are older still: they must not count towards the age.
      await ageJob(done.id, 600_000);
      await ageJob(dead.id, 600_000);
      await ageJob(running.id, 5_000);
      await ageJob(queued.id, 1_000);

      const stats = await jobs.queueStats();

      expect(stats.depth).toBe(2);
      expect(stats.oldestAgeMs).toBeGreaterThanOrEqual(5_000);
      expect(stats.oldestAgeMs).toBeLessThan(60_000);
    });

    it('reports a positive age as soon as a job waits', async () => {
      await placeOrder();
      await sleep(20);

      const stats = await jobs.queueStats();

      expect(stats).toEqual({ depth: 1, oldestAgeMs: expect.any(Number) });
      expect(stats.oldestAgeMs).toBeGreaterThanOrEqual(20);
    });
  });

  describe('claiming expired leases and queued jobs together', () => {
    it('gives two workers claiming at the same moment different jobs, and some to each', async () => {
      for (let i = 0; i < 3; i++) await placeOrder();
      const expired = await jobs.claimNext('worker-dead', 3, SHORT_LEASE_MS);
      for (let i = 0; i < 3; i++) await placeOrder();
      await sleep(SHORT_LEASE_MS + 100);

      const [first, second] = await Promise.all([
        jobs.claimNext('worker-a', 3, LONG_LEASE_MS),
        jobs.claimNext('worker-b', 3, LONG_LEASE_MS),
      ]);

      expect(first.claims.length).toBeGreaterThan(0);
      expect(second.claims.length).toBeGreaterThan(0);
      const jobIds = [...first.claims, ...second.claims].map((claim) => claim.jobId);
      expect(new Set(jobIds).size).toBe(6);
      const retaken = [...first.claims, ...second.claims].filter((claim) =>
        expired.claims.some((lapsed) => lapsed.jobId === claim.jobId),
      );
      expect(retaken.map((claim) => claim.attempt)).toEqual([2, 2, 2]);
    });
  });
});

/** The statements of multi-statement round trips, one by one. */
function statementsOf(roundTrips: string[]): string[] {
  return roundTrips.flatMap((sql) => sql.split(';\n')).map((sql) => sql.trim());
}

/** `UPDATE orders`, `SELECT payment_jobs`, `COMMIT`…: what a statement does, to what. */
function statementKind(sql: string): string {
  const write = /^(INSERT INTO|UPDATE) [`"]?(\w+)/i.exec(sql);
  if (write) return `${write[1]} ${write[2]}`;
  const read = /^SELECT[\s\S]*? FROM [`"]?(\w+)/i.exec(sql);
  return read ? `SELECT ${read[1]}` : sql.toUpperCase();
}
