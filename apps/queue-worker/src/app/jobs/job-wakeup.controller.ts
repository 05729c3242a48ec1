import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { OrderEventType, type OrderEventDto } from '@mini-commerce/contracts';
import { ORDER_EVENTS_PATTERN } from '@mini-commerce/event-bus';
import { PaymentJobProcessor } from './payment-job.processor';

/** Turns `order.created` into an immediate claim instead of waiting for the next poll. */
@Controller()
export class JobWakeupController {
  constructor(private readonly processor: PaymentJobProcessor) {}

  @EventPattern(ORDER_EVENTS_PATTERN)
  onOrderEvents(@Payload() events: OrderEventDto[]): void {
    if (events.some((event) => event.type === OrderEventType.Created)) this.processor.wakeForNewJobs();
  }
}
