import { Logger, ServiceUnavailableException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EVENT_PAGE_MAX, OrderEventType, OrderStatus, type OrderEventDto } from '@mini-commerce/contracts';
import { eventually, idRange, orderEventWithId } from '@mini-commerce/testing';
import type { OrderApiClient } from '../order-api/order-api.client';
import { EventCatchUpService } from './event-catch-up.service';
import { LiveEventsService } from './live-events.service';

/** An event that happened now, after the service under test started. */
const eventWithId = (id: number) =>
  orderEventWithId(id, {
    type: OrderEventType.Paid,
    status: OrderStatus.Paid,
    source: 'queue-worker',
    occurredAt: new Date().toISOString(),
  });
/** An event from long before the service under test started (the fixture's 2023 timestamp). */
const historicEventWithId = (id: number) => orderEventWithId(id);
const range = idRange;

/** The order service's event history, as GET /events answers it. */
class FakeOrderApi {
  stored: OrderEventDto[] = [];
  failure?: Error;
  readonly events = jest.fn(async (after: number | undefined, limit: number): Promise<OrderEventDto[]> => {
    if (this.failure) throw this.failure;
    return after === undefined ? this.stored.slice(-limit) : this.stored.filter((e) => e.id > after).slice(0, limit);
  });

  store(...ids: number[]) {
    this.stored.push(...ids.map(eventWithId));
  }

  storeHistory(...ids: number[]) {
    this.stored.push(...ids.map(historicEventWithId));
  }
}

describe('EventCatchUpService', () => {
  let live: LiveEventsService;
  let orderApi: FakeOrderApi;
  let catchUp: EventCatchUpService;
  let emitted: number[];

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    live = new LiveEventsService();
    orderApi = new FakeOrderApi();
    catchUp = new EventCatchUpService(
      live,
      orderApi as unknown as OrderApiClient,
      new ConfigService({ EVENT_CATCH_UP_INTERVAL_MS: 20 }),
    );
    emitted = [];
    live.events$.subscribe(({ event }) => emitted.push(event.id));
  });

  afterEach(() => {
    catchUp.onApplicationShutdown();
    jest.restoreAllMocks();
  });

  it('never delivers events from before it started: clients replay that history themselves', async () => {
    orderApi.storeHistory(...range(1, 5));

    expect(await catchUp.catchUp()).toBe(0);
    orderApi.store(6);
    await catchUp.catchUp();
    expect(await catchUp.catchUp()).toBe(1);

    expect(orderApi.events).toHaveBeenNthCalledWith(1, undefined, EVENT_PAGE_MAX);
    expect(orderApi.events).toHaveBeenLastCalledWith(5, EVENT_PAGE_MAX);
    expect(emitted).toEqual([6]);
  });

  it('delivers what happened since start-up and the live stream missed from its first read on, each event once', async () => {
    orderApi.storeHistory(...range(1, 3));
    orderApi.store(4, 5);
    live.publish(eventWithId(4));

    expect(await catchUp.catchUp()).toBe(0);
    expect(await catchUp.catchUp()).toBe(1);
    expect(live.publish(eventWithId(5))).toBe(false);

    expect(emitted).toEqual([4, 5]);
  });

  it("gives an event's live copy until its next read to arrive: an event that is only late is not delivered twice or called missed", async () => {
    // Published after commit: an event's row can be read before its live copy arrives.
    await catchUp.catchUp();
    orderApi.store(1, 2);

    expect(await catchUp.catchUp()).toBe(0);
    live.publish(eventWithId(1));
    live.publish(eventWithId(2));
    expect(await catchUp.catchUp()).toBe(0);

    expect(emitted).toEqual([1, 2]);
    expect(Logger.prototype.warn).not.toHaveBeenCalled();
  });

  it('keeps an event awaiting its live copy within reach, however many newer ones the same read returned', async () => {
    await catchUp.catchUp();
    for (const id of range(1, 500)) {
      orderApi.store(id);
      if (id !== 1) live.publish(eventWithId(id));
    }

    expect(await catchUp.catchUp()).toBe(0);
    expect(await catchUp.catchUp()).toBe(1);

    expect(emitted.at(-1)).toBe(1);
  });

  it('says so when it delivers an event the live stream missed', async () => {
    await catchUp.catchUp();
    orderApi.store(1);
    await catchUp.catchUp();

    await catchUp.catchUp();

    expect(Logger.prototype.warn).toHaveBeenCalledWith({ delivered: 1 }, 'delivered events the live stream had missed');
  });

  it('later delivers the events the live stream never did, and skips those it did', async () => {
    orderApi.storeHistory(...range(1, 5));
    await catchUp.catchUp();
    orderApi.store(6, 7, 8, 9);
    live.publish(eventWithId(6));
    live.publish(eventWithId(8));

    expect(await catchUp.catchUp()).toBe(0);
    expect(await catchUp.catchUp()).toBe(2);

    expect(emitted).toEqual([6, 8, 7, 9]);
  });

  it('delivers nothing, and reports 0, when the live stream missed nothing', async () => {
    orderApi.storeHistory(...range(1, 3));
    await catchUp.catchUp();
    orderApi.store(4);
    live.publish(eventWithId(4));

    expect(await catchUp.catchUp()).toBe(0);
    expect(emitted).toEqual([4]);
  });

  it('gives up on an id history never returned once it has read 200 newer ones (a rolled-back insert)', async () => {
    await catchUp.catchUp();
    for (const id of range(1, 500)) {
      if (id === 100) continue; // its transaction rolled back: the id is never used
      orderApi.store(id);
      live.publish(eventWithId(id));
    }

    await catchUp.catchUp();
    expect(orderApi.events).toHaveBeenLastCalledWith(99, EVENT_PAGE_MAX);
    await catchUp.catchUp();

    expect(orderApi.events).toHaveBeenLastCalledWith(500, EVENT_PAGE_MAX);
  });

  it('does not read again what the live stream emitted without a gap', async () => {
    orderApi.storeHistory(...range(1, 10));
    await catchUp.catchUp();
    for (const id of range(11, 500)) {
      orderApi.store(id);
      live.publish(eventWithId(id));
    }

    expect(await catchUp.catchUp()).toBe(0);

    expect(orderApi.events).toHaveBeenLastCalledWith(500, EVENT_PAGE_MAX);
    expect((await orderApi.events.mock.results.at(-1)?.value) ?? []).toEqual([]);
  });

  it('does not read again what history returned before: a quiet shop costs an empty page', async () => {
    orderApi.storeHistory(...range(1, 10));
    await catchUp.catchUp();

    await catchUp.catchUp();
    await catchUp.catchUp();

    expect(orderApi.events.mock.calls).toEqual([
      [undefined, EVENT_PAGE_MAX],
      [10, EVENT_PAGE_MAX],
      [10, EVENT_PAGE_MAX],
    ]);
  });

  it('reads from the first event the live stream missed, and delivers it', async () => {
    orderApi.storeHistory(...range(1, 5));
    await catchUp.catchUp();
    orderApi.store(...range(6, 10));
    for (const id of [6, 7, 9, 10]) live.publish(eventWithId(id));

    expect(await catchUp.catchUp()).toBe(0);
    expect(await catchUp.catchUp()).toBe(1);

    expect(orderApi.events).toHaveBeenLastCalledWith(7, EVENT_PAGE_MAX);
    expect(emitted).toEqual([6, 7, 9, 10, 8]);
  });

  it('finds an event that committed late, below ids the live stream already delivered', async () => {
    await catchUp.catchUp();
    for (const id of range(1, 250)) {
      if (id !== 120) {
        orderApi.store(id);
        live.publish(eventWithId(id));
      }
    }
    await catchUp.catchUp();
    orderApi.store(120);
    emitted = [];

    expect(await catchUp.catchUp()).toBe(0);
    expect(await catchUp.catchUp()).toBe(1);

    expect(orderApi.events).toHaveBeenLastCalledWith(119, EVENT_PAGE_MAX);
    expect(emitted).toEqual([120]);
  });

  it('fills a gap left while history was unreadable, however far the live stream has moved on', async () => {
    await catchUp.catchUp();
    orderApi.store(...range(1, 3)); // their live copies were lost
    orderApi.failure = new ServiceUnavailableException('down');
    await catchUp.catchUp();
    for (const id of range(4, 1_000)) {
      orderApi.store(id);
      live.publish(eventWithId(id));
    }
    orderApi.failure = undefined;
    emitted = [];

    expect(await catchUp.catchUp()).toBe(0);
    expect(await catchUp.catchUp()).toBe(3);

    expect(emitted).toEqual([1, 2, 3]);
  });

  it('reads a backlog longer than one page in one pass', async () => {
    await catchUp.catchUp();
    orderApi.store(...range(1, EVENT_PAGE_MAX * 2 + 5));

    expect(await catchUp.catchUp()).toBe(0);
    expect(orderApi.events).toHaveBeenCalledTimes(4);
    expect(await catchUp.catchUp()).toBe(EVENT_PAGE_MAX * 2 + 5);

    expect(orderApi.events).toHaveBeenCalledTimes(7);
  });

  it('swallows an unreachable order API: returns 0, does not throw, and tries again next time', async () => {
    orderApi.storeHistory(...range(1, 3));
    await catchUp.catchUp();
    orderApi.store(4);
    orderApi.failure = new ServiceUnavailableException('the order service is unavailable; try again shortly');

    await expect(catchUp.catchUp()).resolves.toBe(0);

    orderApi.failure = undefined;
    await catchUp.catchUp();
    expect(await catchUp.catchUp()).toBe(1);
    expect(emitted).toEqual([4]);
  });

  it('still treats the history as old when its first read failed', async () => {
    orderApi.storeHistory(...range(1, 3));
    orderApi.failure = new ServiceUnavailableException('down');
    await catchUp.catchUp();
    orderApi.failure = undefined;

    expect(await catchUp.catchUp()).toBe(0);
    expect(emitted).toEqual([]);
  });

  it('runs on its interval after start-up and stops at shutdown', async () => {
    catchUp.onApplicationBootstrap();
    await eventually(() => orderApi.events.mock.calls.length >= 2, { what: 'two periodic reads' });

    catchUp.onApplicationShutdown();
    const reads = orderApi.events.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 80));

    expect(orderApi.events.mock.calls.length).toBe(reads);
  });
});
