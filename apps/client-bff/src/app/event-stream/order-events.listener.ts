import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { OrderEventDto } from '@mini-commerce/contracts';
import { ORDER_EVENT_CHANNELS } from '@mini-commerce/event-bus';
import { LiveEventsService } from './live-events.service';

/** Receives order events, on both channels, from Redis (every replica) or TCP and hands them to the live stream. */
@Controller()
export class OrderEventsListener {
  constructor(private readonly live: LiveEventsService) {}

  @EventPattern([ORDER_EVENT_CHANNELS.created, ORDER_EVENT_CHANNELS.payment])
  onOrderEvents(@Payload() events: OrderEventDto[]): void {
    events.forEach((event) => this.live.publish(event));
  }
}
