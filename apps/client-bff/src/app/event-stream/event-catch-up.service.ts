import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EVENT_PAGE_MAX, type OrderEventDto } from '@mini-commerce/contracts';
import { OrderApiClient } from '../order-api/order-api.client';
import { LiveEventsService } from './live-events.service';

/**
 * How far behind the newest row read an id that history has not returned is
 * still looked for: rows can commit out of id order. Past that it is given up
 * (a rolled-back insert's id is never used).
 */
const LOOK_BACK_IDS = 200;

/** Pages read in one pass at most, so a long backlog is worked off over several ticks. */
const MAX_PAGES_PER_PASS = 10;

/** Tolerance for the clocks of the services that stamp `occurredAt`. */
const CLOCK_SKEW_MS = 5_000;

/**
 * Events are published after commit, so one can be lost (publisher died, Redis
 * blipped). This reader re-reads recent history and feeds whatever the live
 * stream missed into it, so connected browsers still get every event.
 * Each read starts at the first id this BFF does not know yet, so history that
 * the live stream already delivered is not fetched again: a busy shop's events
 * would otherwise all cross the wire twice, once per BFF replica. An event read
 * before its live copy arrived (published a moment after commit) gets one
 * interval for it; only if the next read finds it still missing is it missed.
 */
@Injectable()
export class EventCatchUpService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventCatchUpService.name);
  private timer?: NodeJS.Timeout;
  private reading = false;
  /**
   * Events from before this process started are not "missed": clients replay
   * them themselves. Later ones are, if the live stream did not bring them,
   * even when they committed before this reader's first read.
   */
  private readonly startedAt = Date.now();
  /**
   * Where the next read starts. It moves to LOOK_BACK_IDS before the newest row
   * read from history, and over a run of ids already known, but never past an
   * id it has not seen nor past an event awaiting its live copy: events lost
   * while history could not be read are still found once it can, however far
   * live events have moved on. Undefined until the first read, which takes the
   * latest page.
   */
  private cursor?: number;
  /** Ids above the cursor of events from before start-up: known, though never emitted here. */
  private readonly olderThanStart = new Set<number>();
  /** Ids history returned that the live stream had not emitted yet: the next read delivers them if it still has not. */
  private readonly awaitingLive = new Set<number>();

  constructor(
    private readonly live: LiveEventsService,
    private readonly orderApi: OrderApiClient,
    private readonly config: ConfigService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.catchUp(), this.config.getOrThrow<number>('EVENT_CATCH_UP_INTERVAL_MS'));
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Returns how many missed events it delivered. */
  async catchUp(): Promise<number> {
    if (this.reading) return 0;
    this.reading = true;
    try {
      const delivered =
        this.cursor === undefined
          ? this.deliver(await this.orderApi.events(undefined, EVENT_PAGE_MAX))
          : await this.readFrom(this.skipKnownIds(this.cursor));
      if (delivered > 0) this.logger.warn({ delivered }, 'delivered events the live stream had missed');
      return delivered;
    } catch (error) {
      this.logger.debug({ err: (error as Error).message }, 'event history unavailable; retrying');
      return 0;
    } finally {
      this.reading = false;
    }
  }

  /**
   * Moves the cursor over the ids right after it that are known (emitted, or from
   * before start-up): none of them can be missing. The first unknown id
   * (lost, not committed yet, or never to be) stops it, so history is read from there.
   */
  private skipKnownIds(cursor: number): number {
    let known = cursor;
    while (this.live.hasEmitted(known + 1) || this.olderThanStart.has(known + 1)) known++;
    this.moveCursor(known);
    return known;
  }

  private async readFrom(start: number): Promise<number> {
    let delivered = 0;
    let after = start;
    for (let pages = 0; pages < MAX_PAGES_PER_PASS; pages++) {
      const page = await this.orderApi.events(after, EVENT_PAGE_MAX);
      delivered += this.deliver(page);
      if (page.length === 0) break;
      after = page[page.length - 1].id;
      if (page.length < EVENT_PAGE_MAX) break;
    }
    return delivered;
  }

  private moveCursor(to: number): void {
    this.cursor = Math.max(this.cursor ?? 0, to);
    for (const ids of [this.olderThanStart, this.awaitingLive]) {
      for (const id of ids) if (id <= this.cursor) ids.delete(id);
    }
  }

  /**
   * Publishes the page's events the live stream missed: those it had not emitted
   * when the last read found them too. Moves the cursor past the page, but not
   * past an event still awaiting its live copy.
   */
  private deliver(page: readonly OrderEventDto[]): number {
    let delivered = 0;
    for (const event of page) {
      const awaited = this.awaitingLive.delete(event.id);
      if (this.live.hasEmitted(event.id)) continue;
      if (Date.parse(event.occurredAt) < this.startedAt - CLOCK_SKEW_MS) {
        this.olderThanStart.add(event.id); // clients replay that history themselves
      } else if (awaited) {
        this.live.publish(event);
        delivered++;
      } else {
        this.awaitingLive.add(event.id);
      }
    }
    const newest = page.length > 0 ? page[page.length - 1].id : 0;
    this.moveCursor(Math.min(newest - LOOK_BACK_IDS, lowest(this.awaitingLive) - 1));
    return delivered;
  }
}

function lowest(ids: ReadonlySet<number>): number {
  let min = Number.POSITIVE_INFINITY;
  for (const id of ids) if (id < min) min = id;
  return min;
}
