import { Module } from '@nestjs/common';
import { EventBusModule } from '@mini-commerce/event-bus';
import { OrderPersistenceModule } from '@mini-commerce/order-persistence';
import { PaymentClientModule } from '../payment-client/payment-client.module';
import { DeadJobsController } from './dead-jobs.controller';
import { JobWakeupController } from './job-wakeup.controller';
import { PaymentJobProcessor } from './payment-job.processor';
import { queueMetrics } from './queue-metrics';

@Module({
  imports: [
    OrderPersistenceModule,
    PaymentClientModule,
    EventBusModule.forPublisher([{ hostVariable: 'BFF_EVENTS_HOST', portVariable: 'BFF_EVENTS_PORT' }]),
  ],
  controllers: [JobWakeupController, DeadJobsController],
  providers: [PaymentJobProcessor, ...queueMetrics],
  exports: [PaymentJobProcessor, PaymentClientModule],
})
export class JobsModule {}
