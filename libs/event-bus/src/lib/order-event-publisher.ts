import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { orderEventChannelOf, type OrderEventDto } from '@mini-commerce/contracts';
import { EVENTS_PUBLISHED } from './event-bus-metrics';
import { ORDER_EVENT_CHANNELS } from './order-events-channel';

export const EVENT_BUS_CLIENTS = Symbol('EVENT_BUS_CLIENTS');

/**
 * Publishes committed event rows. Everything published during one turn of the
 * event loop leaves as one message per channel, in the order it was published:
 * under load many transactions commit in the same turn, and a socket write per
 * transaction cost the publisher, Redis and every subscriber more than the events
 * themselves (docs/performance.md, #23). Only the checkout writes `order.created`,
 * so a transaction's events always share a channel (orderEventChannelOf). Delivery
 * is best effort on purpose: the rows are the source of truth, and subscribers
 * fill any gap from the event history.
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
    for (const [channel, message] of byChannel(events)) {
      for (const client of this.clients) this.emit(client, channel, message);
    }
  }

  private emit(client: ClientProxy, channel: string, events: OrderEventDto[]): void {
    client.emit(channel, events).subscribe({
      error: (error: Error) =>
        this.logger.warn(
          {
            channel,
            correlationIds: [...new Set(events.map((event) => event.correlationId))],
            eventIds: events.map((event) => event.id),
            err: error.message,
          },
          'events not published; subscribers will catch up from history',
        ),
    });
  }
}

/** The events grouped by the channel each travels on, each group in publish order. */
function byChannel(events: readonly OrderEventDto[]): Map<string, OrderEventDto[]> {
  const groups = new Map<string, OrderEventDto[]>();
  for (const event of events) {
    const channel = orderEventChannelOf(event.type, ORDER_EVENT_CHANNELS);
    const group = groups.get(channel);
    if (group) group.push(event);
    else groups.set(channel, [event]);
  }
  return groups;
}
