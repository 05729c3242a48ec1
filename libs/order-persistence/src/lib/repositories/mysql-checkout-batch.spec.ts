import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { OrderEventType, OrderStatus } from '@mini-commerce/contracts';
import { isDatabaseUnavailable } from '@mini-commerce/service-chassis';
import { OrderEntity } from '../entities/order.entity';
import { closeMultiStatementPool, multiStatementPool } from './multi-statement-pool';
import { MysqlCheckoutBatch } from './mysql-checkout-batch';

/** A MySQL DataSource whose server is not there: nothing listens on port 1. */
const unreachableDataSource = () =>
  ({ options: { type: 'mysql', url: 'mysql://root@127.0.0.1:1/test', connectTimeout: 1_000 } }) as unknown as DataSource;

const checkout = () => {
  const now = Date.now();
  const order = Object.assign(new OrderEntity(), {
    id: randomUUID(),
    customerName: 'Siti',
    productName: 'Kopi',
    quantity: 1,
    amount: 50_000,
    status: OrderStatus.Pending,
    failureReason: null,
    correlationId: randomUUID(),
    idempotencyKey: null,
    requestFingerprint: null,
    createdAt: now,
    updatedAt: now,
  });
  const created = {
    orderId: order.id,
    type: OrderEventType.Created,
    status: OrderStatus.Pending,
    source: 'order' as const,
    correlationId: order.correlationId,
    data: {},
    occurredAt: now,
  };
  return [order, created] as const;
};

describe('MysqlCheckoutBatch', () => {
  it('fails a whole group at once when the database cannot be reached, without retrying each checkout', async () => {
    const dataSource = unreachableDataSource();
    const connectionAttempts = jest.spyOn(multiStatementPool(dataSource), 'getConnection');
    const batch = new MysqlCheckoutBatch(dataSource);

    const results = await Promise.allSettled([checkout(), checkout(), checkout()].map(([order, created]) => batch.run(order, created)));

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const result of results) expect(isDatabaseUnavailable((result as PromiseRejectedResult).reason)).toBe(true);
    expect(connectionAttempts).toHaveBeenCalledTimes(1);
    await closeMultiStatementPool(dataSource);
  });
});
