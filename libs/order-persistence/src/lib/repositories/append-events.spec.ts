import { randomUUID } from 'node:crypto';
import { EntityManager, type DataSource } from 'typeorm';
import { OrderEventType, OrderStatus, type OrderEventDto } from '@mini-commerce/contracts';
import { runInTransaction } from '@mini-commerce/service-chassis';
import type { MigratedDatabase, TestBackend } from '@mini-commerce/testing';
import { openOrderDatabase, statementsDuring } from './migrated-database.test-helper';
import { appendEvents, type NewOrderEvent } from './append-events';
import { OrderEventRepository } from './order-event.repository';

/** Integration test: the real MariaDB server and a real SQLite file, migrated like production. */
const openDatabase = (backend: TestBackend) => openOrderDatabase(backend, 'append_events');

const newEvent = (type = OrderEventType.Processing, orderId: string = randomUUID()): NewOrderEvent => ({
  orderId,
  type,
  status: OrderStatus.Processing,
  source: 'queue-worker',
  correlationId: randomUUID(),
  data: { note: randomUUID() },
  occurredAt: Date.now(),
});

const append = (dataSource: DataSource, events: NewOrderEvent[]) =>
  runInTransaction(dataSource, (manager) => appendEvents(manager, events));

/** The stored rows with the ids `events` were returned with. */
async function storedAs(history: OrderEventRepository, events: OrderEventDto[]): Promise<Array<OrderEventDto | undefined>> {
  const stored = new Map((await history.listAfter(0, 10_000)).map((event) => [event.id, event]));
  return events.map((event) => stored.get(event.id));
}

describe.each(['MariaDB', 'SQLite'] as const)('appendEvents on %s', (backend) => {
  let database: MigratedDatabase;
  let history: OrderEventRepository;

  beforeAll(async () => {
    database = await openDatabase(backend);
    history = new OrderEventRepository(database.dataSource);
  }, 30_000);

  afterAll(() => database?.close());

  it('inserts all events of a transaction with one INSERT and returns each with the id of its row', async () => {
    const events = [newEvent(), newEvent(OrderEventType.Paid), newEvent(OrderEventType.Failed), newEvent()];
    let appended: OrderEventDto[] = [];

    const statements = await statementsDuring(database.dataSource, async () => {
      appended = await append(database.dataSource, events);
    });

    expect(statements.filter((sql) => /^INSERT/i.test(sql))).toHaveLength(1);
    expect(appended.map(({ orderId, type, data }) => ({ orderId, type, data }))).toEqual(
      events.map(({ orderId, type, data }) => ({ orderId, type, data })),
    );
    expect(await storedAs(history, appended)).toEqual(appended);
  });

  it('returns the right ids to transactions appending at the same time', async () => {
    const batches = Array.from({ length: 8 }, () => Array.from({ length: 5 }, () => newEvent()));

    const appended = await Promise.all(batches.map((events) => append(database.dataSource, events)));

    for (const [index, events] of appended.entries()) {
      expect(events.map((event) => event.orderId)).toEqual(batches[index].map((event) => event.orderId));
      expect(await storedAs(history, events)).toEqual(events);
    }
    expect(new Set(appended.flat().map((event) => event.id)).size).toBe(40);
  });

  it('writes nothing for no events', async () => {
    const statements = await statementsDuring(database.dataSource, async () => {
      expect(await append(database.dataSource, [])).toEqual([]);
    });

    expect(statements.filter((sql) => /^INSERT/i.test(sql))).toEqual([]);
  });
});

describe('appendEvents on MariaDB in interleaved auto-increment lock mode', () => {
  let database: MigratedDatabase;
  let history: OrderEventRepository;

  beforeAll(async () => {
    // A fresh data source: the lock mode is read once per data source, on its first append.
    database = await openDatabase('MariaDB');
    history = new OrderEventRepository(database.dataSource);
    const query = EntityManager.prototype.query;
    jest.spyOn(EntityManager.prototype, 'query').mockImplementation(function (this: EntityManager, sql, parameters) {
      // Mode 2 (MySQL 8's default) promises no consecutive ids, whatever this test server runs with.
      if (sql.includes('@@innodb_autoinc_lock_mode')) return Promise.resolve([{ lockMode: 2, increment: 1 }]);
      return query.call(this, sql, parameters);
    });
  }, 30_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await database?.close();
  });

  it('reads the ids back instead of counting them from the first', async () => {
    const shared = randomUUID();
    const events = [newEvent(OrderEventType.Processing, shared), newEvent(OrderEventType.Paid, shared), newEvent()];

    let appended: OrderEventDto[] = [];

    const statements = await statementsDuring(database.dataSource, async () => {
      appended = await append(database.dataSource, events);
    });

    expect(statements.filter((sql) => /^INSERT/i.test(sql))).toHaveLength(1);
    expect(statements.filter((sql) => /^SELECT\b.*\border_events\b/is.test(sql))).toHaveLength(1);
    expect(appended.map((event) => event.correlationId)).toEqual(events.map((event) => event.correlationId));
    expect(await storedAs(history, appended)).toEqual(appended);
  });

  it('gives each of several concurrent transactions the ids of its own rows', async () => {
    const batches = Array.from({ length: 6 }, () => Array.from({ length: 4 }, () => newEvent()));

    const appended = await Promise.all(batches.map((events) => append(database.dataSource, events)));

    for (const [index, events] of appended.entries()) {
      expect(await storedAs(history, events)).toEqual(events);
      expect(events.map((event) => event.correlationId)).toEqual(batches[index].map((event) => event.correlationId));
    }
  });
});
