import { Module } from '@nestjs/common';
import { OrderApiModule } from '../order-api/order-api.module';
import { EventCatchUpService } from './event-catch-up.service';
import { EventStreamController } from './event-stream.controller';
import { EventStreamService } from './event-stream.service';
import { LiveEventsService } from './live-events.service';
import { OrderEventsListener } from './order-events.listener';
import { sseClientsGauge } from './sse-metrics';
import { SseWriter } from './sse-writer';

@Module({
  imports: [OrderApiModule],
  controllers: [EventStreamController, OrderEventsListener],
  providers: [
    LiveEventsService,
    EventStreamService,
    EventCatchUpService,
    sseClientsGauge,
    { provide: SseWriter, useFactory: () => new SseWriter() },
  ],
  exports: [LiveEventsService],
})
export class EventStreamModule {}
