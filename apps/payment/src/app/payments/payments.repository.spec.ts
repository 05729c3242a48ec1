import { randomUUID } from 'node:crypto';
import { PaymentStatus } from '@mini-commerce/contracts';
import { buildDataSourceOptions, isUniqueViolation } from '@mini-commerce/service-chassis';
import { openMigratedDatabase, type MigratedDatabase } from '@mini-commerce/testing';
import type { PaymentEntity } from './payment.entity';
import { PAYMENT_SCHEMA } from './payment-schema';
import { PaymentsRepository } from './payments.repository';

const paymentFor = (orderId: string = randomUUID()): PaymentEntity => ({
  id: randomUUID(),
  orderId,
  amount: 50_000,
  status: PaymentStatus.Approved,
  declineReason: null,
  correlationId: randomUUID(),
  createdAt: Date.now(),
});

describe.each(['MariaDB', 'SQLite'] as const)('PaymentsRepository on %s (migrated schema)', (backend) => {
  let database: MigratedDatabase;
  let payments: PaymentsRepository;

  beforeAll(async () => {
    const { entities, migrations } = PAYMENT_SCHEMA;
    database = await openMigratedDatabase(backend, 'payments', (target) => buildDataSourceOptions({ ...target, entities, migrations }));
    payments = new PaymentsRepository(database.dataSource);
  });

  afterAll(() => database?.close());

  it('records a batch of payments, each found by its order with every field as written', async () => {
    const declined = {
      ...paymentFor(),
      amount: 9_999,
      status: PaymentStatus.Declined,
      declineReason: 'amount below Rp 10,000',
    };
    const batch = [paymentFor(), declined, paymentFor()];

    await payments.insertMany(batch);

    for (const { createdAt, ...payment } of batch) {
      const found = await payments.findByOrderId(payment.orderId);
      expect(found).toMatchObject(payment);
      // BIGINT comes back as a string from MySQL.
      expect(Number(found?.createdAt)).toBe(createdAt);
    }
  });

  it('writes none of a batch when one of its orders was charged before, and says why', async () => {
    const charged = paymentFor();
    await payments.insert(charged);
    const fresh = paymentFor();

    const failure = await payments.insertMany([fresh, paymentFor(charged.orderId)]).catch((error: unknown) => error);

    expect(isUniqueViolation(failure)).toBe(true);
    expect(await payments.findByOrderId(fresh.orderId)).toBeNull();
    expect(await payments.findByOrderId(charged.orderId)).toMatchObject({ id: charged.id });
  });
});
