import { ServiceUnavailableException } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { EVENT_PAGE_MAX, ResumePoint, type OrderEventDto } from '@mini-commerce/contracts';
import { idRange, orderEventWithId } from '@mini-commerce/testing';
import type { OrderApiClient } from '../order-api/order-api.client';
import { DEFAULT_REPLAY, EventStreamService } from './event-stream.service';
import { LiveEventsService, type StreamedEvent } from './live-events.service';

const eventWithId = (id: number) => orderEventWithId(id);
const range = idRange;

/** The order service's event history: reads a snapshot at call time, answers when `gate` opens. */
class FakeOrderApi {
  stored: OrderEventDto[] = [];
  readonly calls: Array<[number | undefined, number]> = [];
  gate: Promise<unknown> = Promise.resolve();
  failure?: Error;

  async events(after: number | undefined, limit: number): Promise<OrderEventDto[]> {
    this.calls.push([after, limit]);
    const snapshot =
      after === undefined ? this.stored.slice(-limit) : this.stored.filter((e) => e.id > after).slice(0, limit);
    await this.gate;
    if (this.failure) throw this.failure;
    return snapshot;
  }

  /** Holds every history answer until the returned function is called. */
  holdAnswers(): () => void {
    let open!: () => void;
    this.gate = new Promise<void>((resolve) => (open = resolve));
    return open;
  }
}

/** Lets every pending promise and I/O callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function record(stream: Observable<StreamedEvent>) {
  const client = {
    ids: [] as number[],
    /** The SSE id of each event: where the client would resume from. */
    resumeIds: [] as string[],
    received: [] as StreamedEvent[],
    error: undefined as unknown,
    completed: false,
  };
  const subscription = stream.subscribe({
    next: (streamed) => {
      client.ids.push(streamed.event.id);
      client.resumeIds.push(String(streamed.resumeAt));
      client.received.push(streamed);
    },
    error: (error) => (client.error = error),
    complete: () => (client.completed = true),
  });
  return { client, subscription };
}

describe('EventStreamService', () => {
  let live: LiveEventsService;
  let orderApi: FakeOrderApi;
  let service: EventStreamService;

  beforeEach(() => {
    live = new LiveEventsService();
    orderApi = new FakeOrderApi();
    service = new EventStreamService(live, orderApi as unknown as OrderApiClient);
  });

  it('replays the latest events and then streams live ones to a client without a cursor', async () => {
    orderApi.stored = range(1, DEFAULT_REPLAY + 10).map(eventWithId);
    const { client } = record(service.streamFrom(undefined));
    await settle();

    live.publish(eventWithId(DEFAULT_REPLAY + 11));

    expect(orderApi.calls).toEqual([[undefined, DEFAULT_REPLAY]]);
    expect(client.ids).toEqual(range(11, DEFAULT_REPLAY + 11));
  });

  it.each([
    ['two full pages and a short one', 3 + 2 * EVENT_PAGE_MAX + 5],
    ['exactly two full pages', 3 + 2 * EVENT_PAGE_MAX],
  ])('pages through %s of history after the cursor, then goes live', async (_case, newest) => {
    orderApi.stored = range(1, newest).map(eventWithId);
    const { client } = record(service.streamFrom(new ResumePoint(3)));
    await settle();

    live.publish(eventWithId(newest + 1));

    expect(orderApi.calls).toEqual([
      [3, EVENT_PAGE_MAX],
      [3 + EVENT_PAGE_MAX, EVENT_PAGE_MAX],
      [3 + 2 * EVENT_PAGE_MAX, EVENT_PAGE_MAX],
    ]);
    expect(client.ids).toEqual(range(4, newest + 1));
  });

  it.each([
    ['one the history being read already holds', 5],
    ['one committed after the history was read', 6],
  ])('delivers an event that arrives live during the replay exactly once: %s', async (_case, liveId) => {
    orderApi.stored = range(1, 5).map(eventWithId);
    const answer = orderApi.holdAnswers();
    const { client } = record(service.streamFrom(new ResumePoint(0)));
    await settle();

    live.publish(eventWithId(liveId));
    answer();
    await settle();
    live.publish(eventWithId(7));

    expect(client.ids).toEqual([...range(1, Math.max(5, liveId)), 7]);
  });

  it('does not re-send a live event at or below the cursor that arrives during the replay', async () => {
    orderApi.stored = range(1, 8).map(eventWithId);
    const answer = orderApi.holdAnswers();
    const { client } = record(service.streamFrom(new ResumePoint(5)));
    await settle();

    live.publish(eventWithId(4));
    live.publish(eventWithId(5));
    live.publish(eventWithId(9));
    answer();
    await settle();

    expect(client.ids).toEqual([6, 7, 8, 9]);
  });

  it('does not send an event twice when its live copy arrives just after the replay that held it', async () => {
    orderApi.stored = range(1, 5).map(eventWithId);
    const { client } = record(service.streamFrom(new ResumePoint(0)));
    await settle();

    // Published after its commit: it can reach the BFF after a history read already returned it.
    live.publish(eventWithId(5));
    live.publish(eventWithId(6));

    expect(client.ids).toEqual(range(1, 6));
  });

  describe("where the client resumes from (each event's SSE id)", () => {
    it.each([
      [
        'is the event id in order, and names a lower id not delivered yet',
        new ResumePoint(0),
        [1, 2, 4, 3, 5],
        ['1', '2', '4 except 3', '4', '5'],
      ],
      [
        'keeps naming an id the client lacks, which the live stream never knew of',
        ResumePoint.parse('3 except 2'),
        [4, 2, 5],
        ['4 except 2', '4', '5'],
      ],
      [
        'names the ids below the first live event when there was no history: they may still commit',
        undefined,
        [3, 1, 2],
        ['3 except 1-2', '3 except 2', '3'],
      ],
    ])('%s', async (_case, after, published, resumeIds) => {
      const { client } = record(service.streamFrom(after));
      await settle();

      published.forEach((id) => live.publish(eventWithId(id)));

      expect(client.ids).toEqual(published);
      expect(client.resumeIds).toEqual(resumeIds);
    });

    it('replays the ids a resuming client lacks below its id, and nothing it has', async () => {
      orderApi.stored = range(1, 10).map(eventWithId);
      const { client } = record(service.streamFrom(ResumePoint.parse('8 except 5,7')));
      await settle();

      expect(orderApi.calls).toEqual([[4, EVENT_PAGE_MAX]]);
      expect(client.ids).toEqual([5, 7, 9, 10]);
      expect(client.resumeIds).toEqual(['8 except 7', '8', '9', '10']);
    });

    it('delivers a lower id the client lacks when it commits after the client resumed', async () => {
      // 5 was taken before 6-8 but had not committed when the client left.
      orderApi.stored = [...range(1, 4), ...range(6, 8)].map(eventWithId);
      const { client } = record(service.streamFrom(ResumePoint.parse('8 except 5')));
      await settle();

      live.publish(eventWithId(5));
      live.publish(eventWithId(9));

      expect(client.ids).toEqual([5, 9]);
      expect(client.resumeIds).toEqual(['8', '9']);
    });

    it('names an id missing from a replayed page, which may commit after it was read', async () => {
      const now = new Date().toISOString();
      orderApi.stored = [1, 2, 4].map((id) => orderEventWithId(id, { occurredAt: now }));
      const { client } = record(service.streamFrom(new ResumePoint(0)));
      await settle();

      live.publish(eventWithId(3));

      expect(client.resumeIds).toEqual(['1', '2', '4 except 3', '4']);
    });

    it('gives up an id missing from history long before the events after it (a rolled-back insert)', async () => {
      orderApi.stored = [1, 2, 4].map(eventWithId); // occurred in 2023

      const { client } = record(service.streamFrom(new ResumePoint(0)));
      await settle();

      expect(client.resumeIds).toEqual(['1', '2', '4']);
    });

    it("sends the live stream's own object, rendered once for all, once the connection has caught up", async () => {
      orderApi.stored = range(1, 2).map(eventWithId);
      const connections = [record(service.streamFrom(new ResumePoint(0))), record(service.streamFrom(undefined))];
      await settle();
      const shared: StreamedEvent[] = [];
      live.events$.subscribe((streamed) => shared.push(streamed));

      [3, 5, 4].forEach((id) => live.publish(eventWithId(id)));

      for (const { client } of connections) {
        expect(client.received.slice(-3)).toEqual(shared.map((streamed) => expect.objectContaining(streamed)));
        expect(client.received.slice(-3).every((streamed, i) => streamed === shared[i])).toBe(true);
        expect(client.resumeIds.slice(-3)).toEqual(['3', '5 except 4', '5']);
      }
    });
  });

  it('releases the live subscription when the client disconnects, even during the replay', async () => {
    const answer = orderApi.holdAnswers();
    orderApi.stored = [eventWithId(1)];
    const { client, subscription } = record(service.streamFrom(new ResumePoint(0)));
    expect(live.subscriberCount).toBe(1);

    subscription.unsubscribe();
    answer();
    await settle();

    expect(live.subscriberCount).toBe(0);
    expect(client.ids).toEqual([]);
  });

  it('fails the stream, and lets go of the live events, when the history cannot be read', async () => {
    orderApi.failure = new ServiceUnavailableException('the order service is unavailable; try again shortly');
    const { client } = record(service.streamFrom(new ResumePoint(0)));
    await settle();

    expect(client.error).toBe(orderApi.failure);
    expect(live.subscriberCount).toBe(0);
  });

  it('ends every open stream when the BFF shuts down', async () => {
    const { client } = record(service.streamFrom(undefined));
    await settle();

    live.beforeApplicationShutdown();

    expect(client.completed).toBe(true);
    expect(live.subscriberCount).toBe(0);
  });
});
