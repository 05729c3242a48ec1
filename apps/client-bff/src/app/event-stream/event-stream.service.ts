import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { EVENT_PAGE_MAX, type OrderEventDto, type ResumePoint } from '@mini-commerce/contracts';
import { OrderApiClient } from '../order-api/order-api.client';
import { LiveEventsService, type StreamedEvent } from './live-events.service';
import { ResumeTracker } from './resume-tracker';

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
   * that the client has. `after` undefined means "the latest few, then live".
   *
   * Each event goes with the point the client resumes from (its SSE `id:`). This
   * connection tracks its own until the live stream's point covers it (see
   * `covers`); from then on the live stream's point is exact for it too, and each
   * live event goes out as the shared object, rendered once for all.
   */
  streamFrom(after: ResumePoint | undefined): Observable<StreamedEvent> {
    return new Observable<StreamedEvent>((subscriber) => {
      const replayed = new Set<number>();
      const buffered: StreamedEvent[] = [];
      const delivered = new ResumeTracker(after);
      let replaying = true;
      let followsLive = false;
      let forgetReplayed: NodeJS.Timeout | undefined;

      const isNew = (id: number) => !replayed.has(id) && (after === undefined || after.lacks(id));
      const send = (streamed: StreamedEvent) => {
        if (!isNew(streamed.event.id)) return;
        if (followsLive) return subscriber.next(streamed);
        const own = delivered.add(streamed.event.id);
        followsLive = covers(streamed.resumeAt, own);
        subscriber.next(followsLive ? streamed : { event: streamed.event, resumeAt: own.merge(streamed.resumeAt) });
      };
      const live = this.live.events$.subscribe({
        next: (streamed) => (replaying ? buffered.push(streamed) : send(streamed)),
        complete: () => subscriber.complete(),
      });

      this.replay(after, (event) => {
        if (!isNew(event.id)) return;
        replayed.add(event.id);
        // Ids the page skipped were taken before this event's insert: by now they may be long given up.
        const now = Date.now();
        subscriber.next({
          event,
          resumeAt: delivered.add(event.id, now, Math.min(Date.parse(event.occurredAt), now) || now),
        });
      })
        .then(() => {
          if (subscriber.closed) return;
          // No history at all: every id below the first live event may still commit.
          if (after === undefined && replayed.size === 0) delivered.startAt(0);
          replaying = false;
          buffered.forEach(send);
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

  private async replay(after: ResumePoint | undefined, emit: (event: OrderEventDto) => void): Promise<void> {
    if (after === undefined) {
      (await this.orderApi.events(undefined, DEFAULT_REPLAY)).forEach(emit);
      return;
    }
    for (let cursor = after.readFrom; ; ) {
      const page = await this.orderApi.events(cursor, EVENT_PAGE_MAX);
      page.forEach(emit);
      if (page.length < EVENT_PAGE_MAX) return;
      cursor = page[page.length - 1].id;
    }
  }
}

/**
 * Whether the live stream's point can stand for the connection's own from now on:
 * the connection has every event up to its own high, and the live stream has
 * emitted every id up to its higher one. Every later event reaches both alike.
 * (Live ids still missing could be ones the connection's replay already sent:
 * they would come again on a resume.)
 */
function covers(live: ResumePoint, own: ResumePoint): boolean {
  return own.missing.length === 0 && live.missing.length === 0 && own.high <= live.high;
}
