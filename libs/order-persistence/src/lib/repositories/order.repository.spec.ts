import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { OrderEventType, OrderStatus } from '@mini-commerce/contracts';
import { isUniqueViolation } from '@mini-commerce/service-chassis';
import type { TestBackend } from '@mini-commerce/testing';
import { openOrderDatabase, roundTripsDuring } from './migrated-database.test-helper';
import { OrderEventEntity } from '../entities/order-event.entity';
import { OrderEntity } from '../entities/order.entity';
import { PaymentJobEntity, PaymentJobStatus } from '../entities/payment-job.entity';
import { MAX_CHECKOUTS_PER_TRANSACTION } from './mysql-checkout-batch';
import { OrderRepository, type NewOrder } from './order.repository';

/** Integration test: the real MariaDB server and a real SQLite file, migrated like production. */
const openDatabase = (backend: TestBackend) => openOrderDatabase(backend, 'order_repository');

const newOrder = (overrides: Partial<NewOrder> = {}): NewOrder => ({
  id: randomUUID(),
  customerName: 'Siti Rahma',
  productName: 'Kopi Gayo 250 g',
  quantity: 2,
  amount: 50_000,
  correlationId: randomUUID(),
  ...overrides,
});

describe.each(['MariaDB', 'SQLite'] as const)('OrderRepository on %s', (backend) => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let orders: OrderRepository;

  const rowsFor = async (orderId: string) => ({
    order: await dataSource.getRepository(OrderEntity).findOneBy({ id: orderId }),
    jobs: await dataSource.getRepository(PaymentJobEntity).findBy({ orderId }),
    events: await dataSource.getRepository(OrderEventEntity).findBy({ orderId }),
  });

  beforeAll(async () => {
    ({ dataSource, close } = await openDatabase(backend));
    orders = new OrderRepository(dataSource);
  }, 30_000);

  afterAll(async () => {
    await close?.();
  });

  /** A test only MariaDB has: SQLite runs in-process, with no round trips to save. */
  const onMysql = (name: string, test: () => Promise<void>) => {
    if (backend === 'MariaDB') it(name, test);
  };

  it('stores a pending order, its queued payment job and one order.created event together', async () => {
    const input = newOrder();

    const { order, events } = await orders.createWithPaymentJob(input);

    const stored = await rowsFor(input.id);
    expect(stored.order).toMatchObject({ ...input, status: OrderStatus.Pending, failureReason: null });
    expect(order).toMatchObject({ ...input, status: OrderStatus.Pending });
    expect(stored.jobs).toEqual([
      expect.objectContaining({
        amount: input.amount,
        status: PaymentJobStatus.Queued,
        attempts: 0,
        lockedBy: null,
        correlationId: input.correlationId,
      }),
    ]);
    expect(stored.events).toHaveLength(1);
    expect(events).toEqual([
      {
        id: Number(stored.events[0].id),
        type: OrderEventType.Created,
        orderId: input.id,
        status: OrderStatus.Pending,
        source: 'order',
        correlationId: input.correlationId,
        data: { customerName: input.customerName, productName: input.productName, quantity: 2, amount: 50_000 },
        occurredAt: new Date(Number(stored.order?.createdAt)).toISOString(),
      },
    ]);
  });

  it('writes a checkout as START TRANSACTION, three INSERTs and COMMIT, in one round trip on MariaDB', async () => {
    const input = newOrder({ idempotencyKey: `statements-${randomUUID()}`, requestFingerprint: 'f'.repeat(64) });

    const roundTrips = await roundTripsDuring(dataSource, () => orders.createWithPaymentJob(input));

    const transaction = roundTrips.slice(roundTrips.findIndex((sql) => /^(START TRANSACTION|BEGIN)/i.test(sql)));
    expect(transaction).toHaveLength(backend === 'MariaDB' ? 1 : 5);
    const statements = transaction.flatMap((sql) => sql.split(';').map((statement) => statement.trim()));
    expect(statements.map((sql) => /^(\w+(?: INTO)?)(?: [`"]?(\w+))?/i.exec(sql)?.slice(1).join(' ').trim())).toEqual([
      backend === 'MariaDB' ? 'START TRANSACTION' : 'BEGIN TRANSACTION',
      'INSERT INTO orders',
      'INSERT INTO payment_jobs',
      'INSERT INTO order_events',
      'COMMIT',
    ]);
    const stored = await rowsFor(input.id);
    const createdAt = Number(stored.order?.createdAt);
    expect(stored.order).toEqual({
      ...input,
      status: OrderStatus.Pending,
      failureReason: null,
      createdAt,
      updatedAt: createdAt,
    });
    expect(stored.jobs).toEqual([
      {
        id: expect.anything(),
        orderId: input.id,
        amount: input.amount,
        status: PaymentJobStatus.Queued,
        attempts: 0,
        availableAt: createdAt,
        lockedBy: null,
        lastError: null,
        correlationId: input.correlationId,
        createdAt,
        updatedAt: createdAt,
      },
    ]);
    expect(stored.events).toEqual([
      expect.objectContaining({
        type: OrderEventType.Created,
        data: { customerName: input.customerName, productName: input.productName, quantity: 2, amount: 50_000 },
        occurredAt: createdAt,
      }),
    ]);
  });

  /** A job already holding this order id makes the job insert break the unique order_id constraint. */
  const occupyJobSlot = (orderId: string) =>
    dataSource.getRepository(PaymentJobEntity).insert({
      orderId,
      amount: 1,
      status: PaymentJobStatus.Done,
      attempts: 1,
      availableAt: 0,
      correlationId: 'stray',
      createdAt: 0,
      updatedAt: 0,
    });

  it('stores neither the order nor its event when the payment job cannot be written', async () => {
    const input = newOrder();
    await occupyJobSlot(input.id);

    const failure = await orders.createWithPaymentJob(input).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(isUniqueViolation(failure)).toBe(true);
    const stored = await rowsFor(input.id);
    expect(stored.order).toBeNull();
    expect(stored.events).toEqual([]);
    expect(stored.jobs).toEqual([expect.objectContaining({ correlationId: 'stray' })]);
  });

  it('leaves nothing of a failed checkout for the next one on the same connection to commit', async () => {
    const doomed = newOrder();
    await occupyJobSlot(doomed.id);
    await expect(orders.createWithPaymentJob(doomed)).rejects.toThrow();

    // Checked out one after the other, these reuse the connection the failed one had.
    for (let i = 0; i < 3; i++) await orders.createWithPaymentJob(newOrder());

    const lost = await rowsFor(doomed.id);
    expect([lost.order, lost.events]).toEqual([null, []]);
  });

  it('stores every one of several orders checked out at the same moment', async () => {
    const inputs = [newOrder(), newOrder(), newOrder()];

    const results = await Promise.allSettled(inputs.map((input) => orders.createWithPaymentJob(input)));

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    for (const input of inputs) {
      const stored = await rowsFor(input.id);
      expect([stored.order?.id, stored.jobs.length, stored.events.length]).toEqual([input.id, 1, 1]);
    }
  });

  onMysql('commits checkouts that arrive at the same moment in one round trip, each with its own order.created event', async () => {
    const inputs = [newOrder(), newOrder(), newOrder()];

    let results: Awaited<ReturnType<OrderRepository['createWithPaymentJob']>>[] = [];
    const roundTrips = await roundTripsDuring(dataSource, async () => {
      results = await Promise.all(inputs.map((input) => orders.createWithPaymentJob(input)));
    });

    expect(roundTrips.filter((sql) => sql.startsWith('START TRANSACTION'))).toHaveLength(1);
    for (const [index, input] of inputs.entries()) {
      const stored = await rowsFor(input.id);
      expect([stored.order?.id, stored.jobs.length]).toEqual([input.id, 1]);
      expect(results[index].events).toEqual([
        expect.objectContaining({ id: Number(stored.events[0].id), orderId: input.id, correlationId: input.correlationId }),
      ]);
    }
  });

  onMysql('splits more simultaneous checkouts than one transaction takes over several, and stores them all', async () => {
    const inputs = Array.from({ length: MAX_CHECKOUTS_PER_TRANSACTION + 1 }, () => newOrder());

    const roundTrips = await roundTripsDuring(dataSource, () =>
      Promise.all(inputs.map((input) => orders.createWithPaymentJob(input))),
    );

    expect(roundTrips.filter((sql) => sql.startsWith('START TRANSACTION'))).toHaveLength(2);
    const stored = await dataSource.getRepository(OrderEntity).countBy({ id: In(inputs.map(({ id }) => id)) });
    expect(stored).toBe(inputs.length);
  });

  it('keeps a failed checkout from leaking into, or undoing, one made at the same moment', async () => {
    const doomed = newOrder();
    const healthy = newOrder();
    await occupyJobSlot(doomed.id);

    const [failed, created] = await Promise.allSettled([
      orders.createWithPaymentJob(doomed),
      orders.createWithPaymentJob(healthy),
    ]);

    expect([failed.status, created.status]).toEqual(['rejected', 'fulfilled']);
    const lost = await rowsFor(doomed.id);
    expect([lost.order, lost.events]).toEqual([null, []]);
    const kept = await rowsFor(healthy.id);
    expect([kept.order?.id, kept.jobs.length, kept.events.length]).toEqual([healthy.id, 1, 1]);
  });

  it('lists orders newest first, filtered by status, up to the limit', async () => {
    const created: string[] = [];
    for (let i = 0; i < 3; i++) {
      created.push((await orders.createWithPaymentJob(newOrder())).order.id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await dataSource.getRepository(OrderEntity).update({ id: created[1] }, { status: OrderStatus.Paid });

    const pending = await orders.list({ status: OrderStatus.Pending, limit: 500 });
    const newestTwo = await orders.list({ limit: 2 });

    expect(pending.map((order) => order.id).filter((id) => created.includes(id))).toEqual([created[2], created[0]]);
    expect(newestTwo.map((order) => order.id)).toEqual([created[2], created[1]]);
  });

  describe('idempotent checkout', () => {
    const countRows = async (idempotencyKey: string) => {
      const stored = await dataSource.getRepository(OrderEntity).findBy({ idempotencyKey });
      const orderIds = stored.map((order) => order.id);
      return {
        orders: stored.length,
        jobs: orderIds.length ? await dataSource.getRepository(PaymentJobEntity).countBy({ orderId: In(orderIds) }) : 0,
        events: orderIds.length ? await dataSource.getRepository(OrderEventEntity).countBy({ orderId: In(orderIds) }) : 0,
      };
    };

    it('returns the first order, marked replayed, when a key is used again, and writes nothing new', async () => {
      const key = `key-${randomUUID()}`;
      const first = await orders.createWithPaymentJob(newOrder({ idempotencyKey: key, requestFingerprint: 'fp-1' }));
      const retry = newOrder({ idempotencyKey: key, requestFingerprint: 'fp-1' });

      const second = await orders.createWithPaymentJob(retry);

      expect(first.replayed).toBe(false);
      expect(first.events).toHaveLength(1);
      expect(second).toEqual({
        order: expect.objectContaining({ id: first.order.id, idempotencyKey: key, requestFingerprint: 'fp-1' }),
        events: [],
        replayed: true,
      });
      expect(await countRows(key)).toEqual({ orders: 1, jobs: 1, events: 1 });
      expect(await rowsFor(retry.id)).toEqual({ order: null, jobs: [], events: [] });
    });

    it('creates exactly one order when five checkouts with one key arrive at the same moment', async () => {
      const key = `key-${randomUUID()}`;

      const results = await Promise.all(
        Array.from({ length: 5 }, () => orders.createWithPaymentJob(newOrder({ idempotencyKey: key }))),
      );

      const created = results.filter((result) => !result.replayed);
      expect(created).toHaveLength(1);
      expect(created[0].events).toHaveLength(1);
      for (const replay of results.filter((result) => result.replayed)) {
        expect(replay.order.id).toBe(created[0].order.id);
        expect(replay.events).toEqual([]);
      }
      expect(await countRows(key)).toEqual({ orders: 1, jobs: 1, events: 1 });
    });

    it('never treats checkouts without a key as repeats of each other', async () => {
      const inputs = [newOrder(), newOrder(), newOrder()];

      const results = await Promise.all(inputs.map((input) => orders.createWithPaymentJob(input)));

      expect(results.map((result) => [result.order.id, result.replayed])).toEqual(
        inputs.map((input) => [input.id, false]),
      );
      for (const input of inputs) {
        const stored = await rowsFor(input.id);
        expect([stored.order?.idempotencyKey, stored.jobs.length, stored.events.length]).toEqual([null, 1, 1]);
      }
    });

    it('keeps orders placed under different keys apart', async () => {
      const [a, b] = [newOrder({ idempotencyKey: `a-${randomUUID()}` }), newOrder({ idempotencyKey: `b-${randomUUID()}` })];

      const results = await Promise.all([orders.createWithPaymentJob(a), orders.createWithPaymentJob(b)]);

      expect(results.map((result) => [result.order.id, result.replayed])).toEqual([
        [a.id, false],
        [b.id, false],
      ]);
    });
  });

  describe('paging through the order list', () => {
    const BASE = 1_700_000_000_000;

    /** Stores an order as it was at `createdAt`, bypassing the clock, so several can share one millisecond. */
    const storeOrderAt = async (createdAt: number, status = OrderStatus.Pending) => {
      const id = randomUUID();
      await dataSource.getRepository(OrderEntity).insert({
        ...newOrder({ id }),
        status,
        failureReason: null,
        idempotencyKey: null,
        requestFingerprint: null,
        createdAt,
        updatedAt: createdAt,
      });
      return { id, createdAt };
    };
    /** Newest first; within one millisecond, the higher id first. */
    const newestFirst = (rows: Array<{ id: string; createdAt: number }>) =>
      [...rows].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((row) => row.id);

    /** Follows `before` from page to page, as a client following nextCursor does. */
    const readAllPages = async (limit: number, status?: OrderStatus) => {
      const pages: string[][] = [];
      let before: { createdAt: number; id: string } | undefined;
      for (;;) {
        const page = await orders.list({ limit, status, before });
        if (page.length > 0) pages.push(page.map((order) => order.id));
        if (page.length < limit) return pages;
        const last = page[page.length - 1];
        before = { createdAt: Number(last.createdAt), id: last.id };
      }
    };

    beforeEach(async () => {
      for (const entity of [OrderEventEntity, PaymentJobEntity, OrderEntity]) {
        await dataSource.getRepository(entity).clear();
      }
    });

    it('starts with the newest orders', async () => {
      const rows = [await storeOrderAt(BASE), await storeOrderAt(BASE + 2), await storeOrderAt(BASE + 1)];

      const page = await orders.list({ limit: 2 });

      expect(page.map((order) => order.id)).toEqual(newestFirst(rows).slice(0, 2));
      expect(page.map((order) => Number(order.createdAt))).toEqual([BASE + 2, BASE + 1]);
    });

    it('continues strictly older than the last item, with no overlap and no gap across orders sharing a millisecond', async () => {
      const rows = [];
      for (const createdAt of [BASE, BASE, BASE + 5, BASE + 5, BASE + 5, BASE + 5, BASE + 9]) {
        rows.push(await storeOrderAt(createdAt));
      }

      const pages = await readAllPages(2);

      expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
      expect(pages.flat()).toEqual(newestFirst(rows));
    });

    it('pages through one status only, skipping orders in other statuses', async () => {
      const paid = [];
      for (let i = 0; i < 5; i++) {
        paid.push(await storeOrderAt(BASE + Math.floor(i / 2), OrderStatus.Paid));
        await storeOrderAt(BASE + Math.floor(i / 2), OrderStatus.Failed);
      }
      await storeOrderAt(BASE + 10, OrderStatus.Pending);

      const pages = await readAllPages(2, OrderStatus.Paid);

      expect(pages.flat()).toEqual(newestFirst(paid));
      const statuses = await dataSource.getRepository(OrderEntity).findBy({ id: In(pages.flat()) });
      expect(new Set(statuses.map((order) => order.status))).toEqual(new Set([OrderStatus.Paid]));
    });

    it('returns an empty page after the oldest order', async () => {
      const [oldest] = [await storeOrderAt(BASE), await storeOrderAt(BASE + 1)];

      expect(await orders.list({ limit: 10, before: oldest })).toEqual([]);
    });
  });

  describe('countByStatus', () => {
    beforeEach(async () => {
      for (const entity of [OrderEventEntity, PaymentJobEntity, OrderEntity]) {
        await dataSource.getRepository(entity).clear();
      }
    });

    it('counts the orders in each status that has any, and nothing when there are none', async () => {
      expect(await orders.countByStatus()).toEqual([]);
      const placed = [];
      for (let i = 0; i < 4; i++) placed.push((await orders.createWithPaymentJob(newOrder())).order.id);
      await dataSource.getRepository(OrderEntity).update({ id: In(placed.slice(0, 1)) }, { status: OrderStatus.Paid });
      await dataSource.getRepository(OrderEntity).update({ id: In(placed.slice(1, 3)) }, { status: OrderStatus.Failed });

      const counts = await orders.countByStatus();

      expect([...counts].sort((a, b) => a.status.localeCompare(b.status))).toEqual([
        { status: OrderStatus.Failed, count: 2 },
        { status: OrderStatus.Paid, count: 1 },
        { status: OrderStatus.Pending, count: 1 },
      ]);
    });
  });
});
