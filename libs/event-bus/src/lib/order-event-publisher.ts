import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { OrderEventDto } from '@mini-commerce/contracts';
import { EVENTS_PUBLISHED } from './event-bus-metrics';
import { ORDER_EVENTS_PATTERN } from './order-events-channel';

export const EVENT_BUS_CLIENTS = Symbol('EVENT_BUS_CLIENTS');

/**
 * Publishes committed event rows, one message per call: the events of one
 * transaction travel together. Delivery is best effort on purpose: the rows
 * are the source of truth, and subscribers fill any gap from the event history.
 */
@Injectable()
export class OrderEventPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(OrderEventPublisher.name);

  constructor(
    @Inject(EVENT_BUS_CLIENTS) private readonly clients: ClientProxy[],
    @InjectMetric(EVENTS_PUBLISHED) private readonly published: Counter<string>,
  ) {}

  publish(events: readonly OrderEventDto[]): void {
    if (events.length === 0) return;
    events.forEach(({ type }) => this.published.inc({ type }));
    for (const client of this.clients) {
      client.emit(ORDER_EVENTS_PATTERN, events).subscribe({
        error: (error: Error) =>
          this.logger.warn(
            {
              correlationIds: [...new Set(events.map((event) => event.correlationId))],
              eventIds: events.map((event) => event.id),
              err: error.message,
            },
            'events not published; subscribers will catch up from history',
          ),
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.close()));
  }
}
