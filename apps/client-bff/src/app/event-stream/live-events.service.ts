import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import type { OrderEventDto } from '@mini-commerce/contracts';

/** How many recent event ids are remembered to drop duplicates (a republished or caught-up event). */
const RECENT_IDS = 10_000;

/** One hot stream of the events this BFF receives, shared by every SSE connection. */
@Injectable()
export class LiveEventsService implements BeforeApplicationShutdown {
  private readonly subject = new Subject<OrderEventDto>();
  private readonly recentIds = new Set<number>();

  readonly events$: Observable<OrderEventDto> = this.subject.asObservable();

  /** Emits the event unless it was emitted recently; returns whether it was new. */
  publish(event: OrderEventDto): boolean {
    if (!this.remember(event.id)) return false;
    this.subject.next(event);
    return true;
  }

  /** How many SSE connections are listening (for tests and metrics). */
  get subscriberCount(): number {
    return this.subject.observers.length;
  }

  /** False once shutdown has begun: new SSE clients should go to another replica. */
  get accepting(): boolean {
    return !this.subject.closed && !this.subject.isStopped;
  }

  /** Ends every SSE response so the HTTP server can close; browsers reconnect elsewhere. */
  beforeApplicationShutdown(): void {
    this.subject.complete();
  }

  private remember(id: number): boolean {
    if (this.recentIds.has(id)) return false;
    this.recentIds.add(id);
    if (this.recentIds.size > RECENT_IDS) {
      // Sets iterate in insertion order: drop the oldest.
      this.recentIds.delete(this.recentIds.values().next().value as number);
    }
    return true;
  }
}
