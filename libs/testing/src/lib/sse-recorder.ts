import { EventSource } from 'eventsource';
import type { OrderEventDto } from '@mini-commerce/contracts';
import { eventually } from './eventually';

export interface RecordedEvent {
  /** The SSE `id:` field. */
  lastEventId: string;
  /** The SSE `event:` field. */
  type: string;
  data: OrderEventDto;
}

/**
 * A real SSE client (the `eventsource` package, which reconnects and sends
 * Last-Event-ID like a browser) that records every order event it receives.
 */
export class SseRecorder {
  readonly received: RecordedEvent[] = [];
  private readonly source: EventSource;
  private opened = false;

  constructor(url: string, eventTypes: readonly string[]) {
    this.source = new EventSource(url);
    this.source.addEventListener('open', () => (this.opened = true));
    for (const type of eventTypes) {
      this.source.addEventListener(type, (message) => {
        this.received.push({ lastEventId: message.lastEventId, type: message.type, data: JSON.parse(message.data) });
      });
    }
  }

  waitUntilOpen(timeoutMs = 10_000): Promise<true> {
    return eventually(() => this.opened, { timeoutMs, what: 'the SSE connection to open' });
  }

  eventsFor(orderId: string): RecordedEvent[] {
    return this.received.filter((event) => event.data.orderId === orderId);
  }

  /** Waits until an event of `type` for `orderId` has arrived and returns it. */
  waitFor(orderId: string, type: string, timeoutMs = 10_000): Promise<RecordedEvent> {
    return eventually(() => this.eventsFor(orderId).find((event) => event.type === type), {
      timeoutMs,
      what: `${type} for order ${orderId}`,
    });
  }

  close(): void {
    this.source.close();
  }
}
