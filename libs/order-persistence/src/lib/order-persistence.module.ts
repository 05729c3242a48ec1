import { Module } from '@nestjs/common';
import { OrderEventRepository } from './repositories/order-event.repository';
import { OrderRepository } from './repositories/order.repository';
import { PaymentJobRepository } from './repositories/payment-job.repository';

/** Repositories of the order context's tables; needs a TypeORM root connection with ORDER_ENTITIES. */
@Module({
  providers: [OrderRepository, OrderEventRepository, PaymentJobRepository],
  exports: [OrderRepository, OrderEventRepository, PaymentJobRepository],
})
export class OrderPersistenceModule {}
