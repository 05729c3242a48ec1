import { Module } from '@nestjs/common';
import { EventBusModule } from '@mini-commerce/event-bus';
import { OrderPersistenceModule } from '@mini-commerce/order-persistence';
import { ordersByStatusGauge } from './order-metrics';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  imports: [
    OrderPersistenceModule,
    EventBusModule.forPublisher([
      { hostVariable: 'BFF_EVENTS_HOST', portVariable: 'BFF_EVENTS_PORT' },
      { hostVariable: 'WORKER_EVENTS_HOST', portVariable: 'WORKER_EVENTS_PORT' },
    ]),
  ],
  controllers: [OrdersController],
  providers: [OrdersService, ordersByStatusGauge],
})
export class OrdersModule {}
