import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { OrderEventType, type OrderEventDto } from '@mini-commerce/contracts';
import type { TestBackend } from '@mini-commerce/testing';
import { openOrderDatabase } from './migrated-database.test-helper';
import { OrderEventRepository } from './order-event.repository';
import { OrderRepository } from './order.repository';
import { PaymentJobRepository } from './payment-job.repository';

/** Integration test: the real MariaDB server and a real SQLite file, migrated like production. */
const openDatabase = (backend: TestBackend) => openOrderDatabase(backend, 'order_events');

const ids = (events: OrderEventDto[]) => events.map((event) => event.id);

describe.each(['MariaDB', 'SQLite'] as const)('OrderEventRepository on %s', (backend) => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let history: OrderEventRepository;
  /** Every event written, in the order the repositories returned them: 4 × created, then 4 × processing. */
  const written: OrderEventDto[] = [];
  const orderIds: string[] = [];

  beforeAll(async () => {
    ({ dataSource, close } = await openDatabase(backend));
    history = new OrderEventRepository(dataSource);
    const orders = new OrderRepository(dataSource);
    for (let i = 0; i < 4; i++) {
      const id = randomUUID();
      orderIds.push(id);
      const { events } = await orders.createWithPaymentJob({
        id,
        customerName: `Customer ${i}`,
        productName: 'Kopi',
        quantity: 1,
        amount: 10_000 * (i + 1),
        correlationId: randomUUID(),
      });
      written.push(...events);
    }
    written.push(...(await new PaymentJobRepository(dataSource).claimNext('worker-a', 10, 30_000)).events);
  }, 30_000);

  afterAll(() => close?.());

  it('gives every event a strictly increasing id', () => {
    expect(written).toHaveLength(8);
    expect(ids(written)).toEqual([...ids(written)].sort((a, b) => a - b));
    expect(new Set(ids(written)).size).toBe(8);
  });

  it('lists events after a cursor, oldest first, up to the limit', async () => {
    expect(await history.listAfter(written[1].id, 3)).toEqual(written.slice(2, 5));
    expect(await history.listAfter(0, 100)).toEqual(written);
    expect(await history.listAfter(written[7].id, 100)).toEqual([]);
  });

  it('pages through the whole history without gaps or repeats', async () => {
    const seen: OrderEventDto[] = [];
    let page = await history.listAfter(0, 3);
    while (page.length > 0) {
      seen.push(...page);
      page = await history.listAfter(page[page.length - 1].id, 3);
    }

    expect(ids(seen)).toEqual(ids(written));
  });

  it('lists the latest events, oldest first', async () => {
    expect(ids(await history.listLatest(3))).toEqual(ids(written.slice(5)));
    expect(await history.listLatest(100)).toEqual(written);
  });

  it("lists one order's journey, and only that order's", async () => {
    const journey = await history.listForOrder(orderIds[2]);

    expect(journey.map((event) => event.type)).toEqual([OrderEventType.Created, OrderEventType.Processing]);
    expect(journey.every((event) => event.orderId === orderIds[2])).toBe(true);
    expect(journey[0].data).toEqual({ customerName: 'Customer 2', productName: 'Kopi', quantity: 1, amount: 30_000 });
    expect(new Date(journey[0].occurredAt).toISOString()).toBe(journey[0].occurredAt);
    expect(await history.listForOrder(randomUUID())).toEqual([]);
  });
});
