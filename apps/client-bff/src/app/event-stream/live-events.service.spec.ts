import type { Observable } from 'rxjs';
import type { OrderEventDto } from '@mini-commerce/contracts';
import { orderEventWithId } from '@mini-commerce/testing';
import type { OrderApiClient } from '../order-api/order-api.client';
import { EventStreamService } from './event-stream.service';
import { LiveEventsService, RECENT_IDS, type StreamedEvent } from './live-events.service';

const eventWithId = (id: number) => orderEventWithId(id);

function record(stream: Observable<StreamedEvent>) {
  const client = { ids: [] as number[], completed: false };
  stream.subscribe({ next: ({ event }) => client.ids.push(event.id), complete: () => (client.completed = true) });
  return client;
}

/** Lets every pending promise run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('LiveEventsService', () => {
  let live: LiveEventsService;

  beforeEach(() => (live = new LiveEventsService()));

  it('emits an event received twice (republished, or caught up) only once', () => {
    const client = record(live.events$);

    expect(live.publish(eventWithId(1))).toBe(true);
    expect(live.publish(eventWithId(1))).toBe(false);
    live.publish(eventWithId(2));

    expect(client.ids).toEqual([1, 2]);
  });

  it('sends each event with the point of a client that got every event emitted so far', () => {
    const points: string[] = [];
    live.events$.subscribe(({ resumeAt }) => points.push(String(resumeAt)));

    [7, 9, 8, 12].forEach((id) => live.publish(eventWithId(id)));
    live.publish(eventWithId(9));

    expect(points).toEqual(['7', '9 except 8', '9', '12 except 10-11']);
  });

  it('emits every event to every subscriber', () => {
    const [first, second] = [record(live.events$), record(live.events$)];

    live.publish(eventWithId(1));

    expect([first.ids, second.ids]).toEqual([[1], [1]]);
  });

  it('still drops a duplicate that arrives a thousand events later', () => {
    const client = record(live.events$);
    for (let id = 1; id <= 1_000; id++) live.publish(eventWithId(id));

    live.publish(eventWithId(1));

    expect(client.ids).toHaveLength(1_000);
  });

  it('forgets the oldest ids, one per new event, once it remembers RECENT_IDS of them', () => {
    const client = record(live.events$);
    for (let id = 1; id <= RECENT_IDS + 1; id++) live.publish(eventWithId(id));

    expect(live.publish(eventWithId(1))).toBe(true); // forgotten: the oldest when id RECENT_IDS + 1 came
    expect(live.publish(eventWithId(2))).toBe(true); // forgotten to make room for that repeat of 1
    expect(live.publish(eventWithId(RECENT_IDS + 1))).toBe(false);
    expect(live.publish(eventWithId(5))).toBe(false);
    expect(client.ids).toHaveLength(RECENT_IDS + 3);
  });

  it('tells which ids it has emitted, as long as it remembers them', () => {
    for (let id = 1; id <= RECENT_IDS + 1; id++) live.publish(eventWithId(id));

    expect([1, 2, RECENT_IDS + 1, RECENT_IDS + 2].map((id) => live.hasEmitted(id))).toEqual([false, true, true, false]);
  });

  describe('on shutdown', () => {
    it('completes the stream of every subscriber', () => {
      const clients = [record(live.events$), record(live.events$)];

      live.beforeApplicationShutdown();

      expect(clients.map((client) => client.completed)).toEqual([true, true]);
      expect(live.subscriberCount).toBe(0);
    });

    it('completes every SSE stream, including one still replaying history', async () => {
      let answerHistory!: (events: OrderEventDto[]) => void;
      const orderApi = {
        events: jest
          .fn<Promise<OrderEventDto[]>, [number | undefined, number]>()
          .mockResolvedValueOnce([eventWithId(1)])
          .mockReturnValueOnce(new Promise((resolve) => (answerHistory = resolve))),
      };
      const streams = new EventStreamService(live, orderApi as unknown as OrderApiClient);
      const streaming = record(streams.streamFrom(undefined));
      await settle();
      const replaying = record(streams.streamFrom(undefined));

      live.beforeApplicationShutdown();
      answerHistory([eventWithId(1)]);
      await settle();

      expect(streaming).toEqual({ ids: [1], completed: true });
      expect(replaying.completed).toBe(true);
      expect(live.subscriberCount).toBe(0);
    });
  });
});
