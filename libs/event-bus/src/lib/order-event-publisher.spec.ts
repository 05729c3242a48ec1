import { Counter, Registry } from 'prom-client';
import { Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { of, throwError, type Observable } from 'rxjs';
import { OrderEventType, OrderStatus, type OrderEventDto } from '@mini-commerce/contracts';
import { ORDER_EVENT_CHANNELS } from './order-events-channel';
import { OrderEventPublisher } from './order-event-publisher';

const CREATED = ORDER_EVENT_CHANNELS.created;

const event = (id: number, type = OrderEventType.Created): OrderEventDto => ({
  id,
  type,
  orderId: `order-${id}`,
  status: OrderStatus.Pending,
  source: 'order',
  correlationId: `correlation-${id}`,
  data: {},
  occurredAt: '2026-11-22T08:00:00.000Z',
});

/** A subscriber transport: records what it was sent; `reachable: false` fails every emit like a closed port. */
function fakeClient(reachable = true) {
  const sent: Array<[string, readonly OrderEventDto[]]> = [];
  const client = {
    sent,
    emit: (pattern: string, payload: readonly OrderEventDto[]): Observable<void> => {
      sent.push([pattern, payload]);
      return reachable ? of(undefined) : throwError(() => new Error('connect ECONNREFUSED 127.0.0.1:8010'));
    },
    close: jest.fn(async () => undefined),
  };
  return client;
}

describe('OrderEventPublisher', () => {
  let warnings: jest.SpyInstance;

  beforeEach(() => (warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
  afterEach(() => jest.restoreAllMocks());

  it("sends a transaction's events, in order, as one message to every subscriber on the created channel", async () => {
    const [bff, worker] = [fakeClient(), fakeClient()];
    const publisher = new OrderEventPublisher([bff, worker] as unknown as ClientProxy[], publishedCounter());

    publisher.publish([event(1), event(2)]);
    await endOfTurn();

    for (const subscriber of [bff, worker]) {
      expect(subscriber.sent).toEqual([[CREATED, [event(1), event(2)]]]);
    }
    expect(warnings).not.toHaveBeenCalled();
  });

  it('sends the events of every transaction published in one event-loop turn as one message, in publish order', async () => {
    const subscriber = fakeClient();
    const publisher = new OrderEventPublisher([subscriber] as unknown as ClientProxy[], publishedCounter());

    publisher.publish([event(1)]);
    publisher.publish([event(2), event(3)]);
    await endOfTurn();
    publisher.publish([event(4)]);
    await endOfTurn();

    expect(subscriber.sent).toEqual([
      [CREATED, [event(1), event(2), event(3)]],
      [CREATED, [event(4)]],
    ]);
  });

  it('sends the events after order.created on the payment channel, where the workers do not listen', async () => {
    const subscriber = fakeClient();
    const publisher = new OrderEventPublisher([subscriber] as unknown as ClientProxy[], publishedCounter());

    publisher.publish([event(5, OrderEventType.Processing)]);
    publisher.publish([event(6, OrderEventType.Paid), event(7, OrderEventType.Failed)]);
    await endOfTurn();

    expect(subscriber.sent).toEqual([
      [ORDER_EVENT_CHANNELS.payment, [event(5, OrderEventType.Processing), event(6, OrderEventType.Paid), event(7, OrderEventType.Failed)]],
    ]);
  });

  it('sends one message per channel when a turn published on both, each in publish order', async () => {
    const subscriber = fakeClient();
    const publisher = new OrderEventPublisher([subscriber] as unknown as ClientProxy[], publishedCounter());

    publisher.publish([event(1)]);
    publisher.publish([event(2, OrderEventType.Paid)]);
    publisher.publish([event(3)]);
    await endOfTurn();

    expect(subscriber.sent).toEqual([
      [CREATED, [event(1), event(3)]],
      [ORDER_EVENT_CHANNELS.payment, [event(2, OrderEventType.Paid)]],
    ]);
  });

  it('sends nothing when a transaction wrote no events', async () => {
    const subscriber = fakeClient();

    new OrderEventPublisher([subscriber] as unknown as ClientProxy[], publishedCounter()).publish([]);
    await endOfTurn();

    expect(subscriber.sent).toEqual([]);
  });

  it('counts each event once by type, however many subscribers receive it', async () => {
    const counter = publishedCounter();
    new OrderEventPublisher([fakeClient(), fakeClient()] as unknown as ClientProxy[], counter).publish([event(1), event(2)]);

    const { values } = await counter.get();
    expect(values.map(({ labels, value }) => [labels['type'], value])).toEqual([[event(1).type, 2]]);
  });

  it('keeps delivering to the others when one subscriber is down, and logs the miss', async () => {
    const [down, up] = [fakeClient(false), fakeClient()];
    const publisher = new OrderEventPublisher([down, up] as unknown as ClientProxy[], publishedCounter());

    publisher.publish([event(1), event(2)]);
    await endOfTurn();

    expect(up.sent.flatMap(([, sent]) => sent.map(({ id }) => id))).toEqual([1, 2]);
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(warnings).toHaveBeenCalledWith(
      expect.objectContaining({ eventIds: [1, 2], correlationIds: ['correlation-1', 'correlation-2'] }),
      expect.any(String),
    );
  });

  it('sends what is still queued, then closes every subscriber connection on shutdown', async () => {
    const clients = [fakeClient(), fakeClient()];
    const publisher = new OrderEventPublisher(clients as unknown as ClientProxy[], publishedCounter());

    publisher.publish([event(1)]);
    await publisher.onApplicationShutdown();

    for (const client of clients) {
      expect(client.sent).toEqual([[CREATED, [event(1)]]]);
      expect(client.close).toHaveBeenCalled();
    }
    await endOfTurn();
    clients.forEach((client) => expect(client.sent).toHaveLength(1));
  });
});

/** Lets the publisher's end-of-turn flush run. */
function endOfTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A real counter in a registry of its own, so tests can read what was counted. */
function publishedCounter(): Counter<string> {
  return new Counter({ name: 'events_published_test', help: 'test', labelNames: ['type'], registers: [new Registry()] });
}
