import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { closeMultiStatementPool } from './repositories/multi-statement-pool';
import { OrderEventRepository } from './repositories/order-event.repository';
import { OrderRepository } from './repositories/order.repository';
import { PaymentJobRepository } from './repositories/payment-job.repository';

/** Repositories of the order context's tables; needs a TypeORM root connection with ORDER_ENTITIES. */
@Module({
  providers: [OrderRepository, OrderEventRepository, PaymentJobRepository],
  exports: [OrderRepository, OrderEventRepository, PaymentJobRepository],
})
export class OrderPersistenceModule implements OnApplicationShutdown {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The repositories' MySQL batch pool closes at application shutdown, not module
   * destroy: that runs before the worker lets its in-flight batches settle.
   */
  onApplicationShutdown(): Promise<void> {
    return closeMultiStatementPool(this.dataSource);
  }
}
