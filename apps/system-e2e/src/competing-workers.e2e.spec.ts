import type { RowDataPacket } from 'mysql2/promise';
import { OrderEventType, OrderStatus, type OrderDto, type OrderPageDto } from '@mini-commerce/contracts';
import { eventually, getJson, placeOrder } from '@mini-commerce/testing';
import { SystemUnderTest } from '@mini-commerce/system-harness';

const ORDERS = 200;

describe('two workers competing for one queue (MariaDB, SKIP LOCKED)', () => {
  let system: SystemUnderTest;

  beforeAll(async () => {
    system = await SystemUnderTest.start('workers', {
      portBase: 19_000,
      infrastructure: 'mysql+redis',
      workers: 2,
      // Small batches make the two workers interleave on the same rows. All checkouts come
      // from one address, faster than the per-address limit allows: lift it (its own test is in bad-input).
      env: { JOB_BATCH_SIZE: '4', JOB_POLL_INTERVAL_MS: '100', CHECKOUT_RATE_LIMIT: '10000' },
    });
  });

  afterAll(() => system?.stop());

  it(`pays each of ${ORDERS} orders exactly once`, async () => {
    const orders: OrderDto[] = [];
    for (let batch = 0; batch < ORDERS / 20; batch++) {
      orders.push(...(await Promise.all(Array.from({ length: 20 }, () => placeOrder(system.bffUrl)))));
    }

    await eventually(
      async () => {
        const { body } = await getJson<OrderPageDto>(`${system.orderUrl}/orders?status=${OrderStatus.Paid}&limit=200`);
        return body.items.length === ORDERS;
      },
      { timeoutMs: 30_000, what: `${ORDERS} paid orders` },
    );

    const sql = await system.sql();
    try {
      const [payments] = await sql.query<RowDataPacket[]>('SELECT order_id FROM payments');
      expect(payments).toHaveLength(ORDERS);
      expect(new Set(payments.map((row) => row['order_id']))).toEqual(new Set(orders.map((order) => order.id)));

      const [terminal] = await sql.query<RowDataPacket[]>(
        `SELECT order_id, COUNT(*) AS n FROM order_events WHERE type IN (?, ?) GROUP BY order_id`,
        [OrderEventType.Paid, OrderEventType.Failed],
      );
      expect(terminal).toHaveLength(ORDERS);
      expect(terminal.every((row) => Number(row['n']) === 1)).toBe(true);

      const [jobs] = await sql.query<RowDataPacket[]>(
        `SELECT status, MAX(attempts) AS attempts, COUNT(*) AS n FROM payment_jobs GROUP BY status`,
      );
      expect(jobs).toEqual([expect.objectContaining({ status: 'done', n: ORDERS, attempts: 1 })]);

      const [claimers] = await sql.query<RowDataPacket[]>(
        `SELECT DISTINCT JSON_VALUE(data, '$.workerId') AS worker FROM order_events WHERE type = ?`,
        [OrderEventType.Processing],
      );
      expect(claimers.map((row) => row['worker']).sort()).toEqual(['worker-1', 'worker-2']);
    } finally {
      await sql.end();
    }
  });
});
