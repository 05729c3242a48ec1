import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { EVENT_PAGE_MAX, type OrderEventDto } from '@mini-commerce/contracts';
import { OrderApiClient } from '../order-api/order-api.client';
import { LiveEventsService } from './live-events.service';

/** Events replayed to a client that connects without a cursor. */
export const DEFAULT_REPLAY = 50;

/**
 * How long replayed ids are remembered per connection. Events are published
 * after commit, so the live copy of an event that history already returned can
 * arrive a moment later; it must not be sent twice.
 */
export const LATE_DUPLICATE_WINDOW_MS = 30_000;

@Injectable()
export class EventStreamService {
  constructor(
    private readonly live: LiveEventsService,
    private readonly orderApi: OrderApiClient,
  ) {}

  /**
   * History first, then live, with no gap and no duplicate: live events are
   * buffered from the moment of subscription while history is read; then the
   * buffer is flushed and live events flow, minus every id already sent or
   * covered by the cursor. `after` undefined means "the latest few, then live".
   */
  streamFrom(after: number | undefined): Observable<OrderEventDto> {
    return new Observable<OrderEventDto>((subscriber) => {
      const replayed = new Set<number>();
      const buffered: OrderEventDto[] = [];
      let replaying = true;
      let forgetReplayed: NodeJS.Timeout | undefined;

      const isNew = (event: OrderEventDto) => !replayed.has(event.id) && (after === undefined || event.id > after);
      const live = this.live.events$.subscribe({
        next: (event) => {
          if (replaying) buffered.push(event);
          else if (isNew(event)) subscriber.next(event);
        },
        complete: () => subscriber.complete(),
      });

      this.replay(after, (event) => {
        replayed.add(event.id);
        subscriber.next(event);
      })
        .then(() => {
          if (subscriber.closed) return;
          replaying = false;
          buffered.filter(isNew).forEach((event) => subscriber.next(event));
          buffered.length = 0;
          forgetReplayed = setTimeout(() => replayed.clear(), LATE_DUPLICATE_WINDOW_MS).unref();
        })
        .catch((error: Error) => subscriber.error(error));

      return () => {
        clearTimeout(forgetReplayed);
        live.unsubscribe();
      };
    });
  }

  private async replay(after: number | undefined, emit: (event: OrderEventDto) => void): Promise<void> {
    if (after === undefined) {
      (await this.orderApi.events(undefined, DEFAULT_REPLAY)).forEach(emit);
      return;
    }
    for (let cursor = after; ; ) {
      const page = await this.orderApi.events(cursor, EVENT_PAGE_MAX);
      page.forEach(emit);
      if (page.length < EVENT_PAGE_MAX) return;
      cursor = page[page.length - 1].id;
    }
  }
}
