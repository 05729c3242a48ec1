import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { OrderEventDto } from '@mini-commerce/contracts';
import { EVENTS_PUBLISHED } from './event-bus-metrics';
import { ORDER_EVENTS_PATTERN } from './order-events-channel';

export const EVENT_BUS_CLIENTS = Symbol('EVENT_BUS_CLIENTS');

/**
 * Publishes committed event rows. Everything published during one turn of the
 * event loop leaves as one message, in the order it was published: under load
 * many transactions commit in the same turn, and a socket write per transaction
 * cost the publisher, Redis and every subscriber more than the events themselves
 * (docs/performance.md, #23). Delivery is best effort on purpose: the rows are
 * the source of truth, and subscribers fill any gap from the event history.
 */
@Injectable()
export class OrderEventPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(OrderEventPublisher.name);
  private pending: OrderEventDto[] = [];

  constructor(
    @Inject(EVENT_BUS_CLIENTS) private readonly clients: ClientProxy[],
    @InjectMetric(EVENTS_PUBLISHED) private readonly published: Counter<string>,
  ) {}

  /** Queues the events for the message that leaves at the end of this event-loop turn. */
  publish(events: readonly OrderEventDto[]): void {
    if (events.length === 0) return;
    events.forEach(({ type }) => this.published.inc({ type }));
    if (this.pending.length === 0) setImmediate(() => this.flush());
    this.pending.push(...events);
  }

  async onApplicationShutdown(): Promise<void> {
    this.flush();
    await Promise.all(this.clients.map((client) => client.close()));
  }

  private flush(): void {
    const events = this.pending;
    if (events.length === 0) return;
    this.pending = [];
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
}
