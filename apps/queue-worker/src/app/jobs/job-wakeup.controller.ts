import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { ORDER_EVENT_CHANNELS } from '@mini-commerce/event-bus';
import { PaymentJobProcessor } from './payment-job.processor';

/**
 * Turns `order.created` into an immediate claim instead of waiting for the next
 * poll. It listens on the created channel only: the payment events of every
 * worker are no reason to wake.
 */
@Controller()
export class JobWakeupController {
  constructor(private readonly processor: PaymentJobProcessor) {}

  @EventPattern(ORDER_EVENT_CHANNELS.created)
  onOrdersCreated(): void {
    this.processor.wakeForNewJobs();
  }
}
