import type { DatabaseSchema } from '@mini-commerce/service-chassis';
import { CreatePayments1763800000001 } from './migrations/1763800000001-create-payments';
import { PaymentEntity } from './payment.entity';

/** payment owns exactly one table; no other service reads it. */
export const PAYMENT_SCHEMA: DatabaseSchema = {
  entities: [PaymentEntity],
  migrations: [CreatePayments1763800000001],
  sqliteFileName: 'payment.sqlite',
};
