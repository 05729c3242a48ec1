import { Module } from '@nestjs/common';
import { OrderPersistenceModule } from '@mini-commerce/order-persistence';
import { EventsController } from './events.controller';

@Module({
  imports: [OrderPersistenceModule],
  controllers: [EventsController],
})
export class EventsModule {}
