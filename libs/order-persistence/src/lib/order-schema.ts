import type { DatabaseSchema } from '@mini-commerce/service-chassis';
import { CreateOrderTables1763800000000 } from './migrations/1763800000000-create-order-tables';
import { AddOrderIdempotencyKey1763800000002 } from './migrations/1763800000002-add-order-idempotency-key';
import { OrderEntity } from './entities/order.entity';
import { OrderEventEntity } from './entities/order-event.entity';
import { PaymentJobEntity } from './entities/payment-job.entity';

/**
 * Tables owned by the order context. Two processes serve it — the order API and
 * the queue-worker — because the queue must be written in the order's transaction.
 */
export const ORDER_SCHEMA: DatabaseSchema = {
  entities: [OrderEntity, PaymentJobEntity, OrderEventEntity],
  migrations: [CreateOrderTables1763800000000, AddOrderIdempotencyKey1763800000002],
  sqliteFileName: 'order.sqlite',
};
