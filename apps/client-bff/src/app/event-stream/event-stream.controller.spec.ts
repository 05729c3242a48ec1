import { EventEmitter } from 'node:events';
import { BadRequestException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EVENT_PAGE_MAX, OrderEventType, OrderStatus, type OrderEventDto } from '@mini-commerce/contracts';
import type { OrderApiClient } from '../order-api/order-api.client';
import { EventStreamController } from './event-stream.controller';
import { DEFAULT_REPLAY, EventStreamService } from './event-stream.service';
import { LiveEventsService } from './live-events.service';
import { SSE_HEADERS } from './sse-frames';
import { SseWriter } from './sse-writer';

const paid: OrderEventDto = {
  id: 8,
  type: OrderEventType.Paid,
  orderId: '3f0c1b9e-6c3a-4c53-9a57-0b8f4f1d2a10',
  status: OrderStatus.Paid,
  source: 'queue-worker',
  correlationId: 'c0ffee00-0000-4000-8000-000000000000',
  data: { paymentId: 'pay-1' },
  occurredAt: '2026-11-22T08:00:00.000Z',
};

/** What the controller uses of Node's response (under Fastify's reply); records what is written. (A real port: sse-writer.spec.ts.) */
class FakeResponse extends EventEmitter {
  readonly writeHead = jest.fn();
  readonly written: string[] = [];
  destroyed = false;
  writableLength = 0;
  writableNeedDrain = false;
  ended = false;

  write(chunk: string): boolean {
    this.written.push(chunk);
    return true;
  }

  end(chunk?: string): this {
    if (chunk !== undefined) this.written.push(chunk);
    this.ended = true;
    return this;
  }

  /** The client leaves. */
  close(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

describe('EventStreamController', () => {
  let historyReads: jest.Mock<Promise<OrderEventDto[]>, [number | undefined, number]>;
  let controller: EventStreamController;
  let live: LiveEventsService;
  let request: { method: string; httpVersionMajor: number; socket: Record<string, jest.Mock> };
  let response: FakeResponse;

  beforeEach(() => {
    historyReads = jest.fn<Promise<OrderEventDto[]>, [number | undefined, number]>(async () => [paid]);
    const orderApi = { events: historyReads } as unknown as OrderApiClient;
    live = new LiveEventsService();
    request = {
      method: 'GET',
      httpVersionMajor: 1,
      socket: { setKeepAlive: jest.fn(), setNoDelay: jest.fn(), setTimeout: jest.fn(), isPaused: jest.fn(() => false) },
    };
    response = new FakeResponse();
    controller = new EventStreamController(new EventStreamService(live, orderApi), live, new SseWriter());
  });

  afterEach(() => response.close());

  const events = (after: string | undefined, lastEventId?: string) =>
    controller.events(
      { after },
      { raw: request } as unknown as FastifyRequest,
      { raw: response } as unknown as FastifyReply,
      lastEventId,
    );

  /** Opens the stream and returns what the history read produced on the wire. */
  async function open(after: string | undefined, lastEventId?: string): Promise<string> {
    await events(after, lastEventId);
    await new Promise((resolve) => setImmediate(resolve));
    response.close();
    return response.written.join('');
  }

  it('resumes after Last-Event-ID, which takes precedence over ?after=', async () => {
    await open('2', '7');

    expect(historyReads).toHaveBeenCalledWith(7, EVENT_PAGE_MAX);
  });

  it.each([
    ['Last-Event-ID', undefined, '8 except 5,7'],
    ['?after=', '8 except 5,7', undefined],
  ])('reads history from the lowest id that %s names as missing', async (_case, after, lastEventId) => {
    await open(after, lastEventId);

    expect(historyReads).toHaveBeenCalledWith(4, EVENT_PAGE_MAX);
  });

  it.each([undefined, ''])('resumes after ?after= when Last-Event-ID is %p', async (lastEventId) => {
    await open('2', lastEventId);

    expect(historyReads).toHaveBeenCalledWith(2, EVENT_PAGE_MAX);
  });

  it('replays the latest events when there is no cursor at all', async () => {
    await open(undefined);

    expect(historyReads).toHaveBeenCalledWith(undefined, DEFAULT_REPLAY);
  });

  it.each(['abc', '-1', '1.5', '1e3', ' 7', '7 except 7', '7 except 5,3'])(
    'rejects Last-Event-ID %p as a bad request',
    (lastEventId) => {
      const opening = () => events('2', lastEventId);

      expect(opening).toThrow(BadRequestException);
      expect(opening).toThrow(/^Last-Event-ID must be an event id, or one followed by ' except ' and the lower ids/);
      expect(historyReads).not.toHaveBeenCalled();
    },
  );

  it.each(['-5', 'abc', '3 except 4'])('rejects ?after=%p as a bad request', (after) => {
    const opening = () => events(after);

    expect(opening).toThrow(/^after must be an event id, or one followed by ' except '/);
    expect(historyReads).not.toHaveBeenCalled();
  });

  it('once shutdown has begun, tells new clients to reconnect shortly and closes the connection', async () => {
    live.beforeApplicationShutdown();

    await events(undefined);

    expect(response.writeHead).toHaveBeenCalledWith(200, { ...SSE_HEADERS, Connection: 'close' });
    expect(response.written.join('')).toBe('\nevent: reconnect\nretry: 1000\ndata: this server is shutting down\n\n');
    expect(response.ended).toBe(true);
    expect(historyReads).not.toHaveBeenCalled();
  });

  it('sends each event with its id as the SSE id and its type as the SSE event name', async () => {
    expect(await open('0')).toBe(`\nid: 8\nevent: ${OrderEventType.Paid}\ndata: ${JSON.stringify(paid)}\n\n`);
    expect(response.writeHead).toHaveBeenCalledWith(200, SSE_HEADERS);
  });

  it('stops listening to live events when the client leaves', async () => {
    await events('0');
    expect(live.subscriberCount).toBe(1);

    response.close();

    expect(live.subscriberCount).toBe(0);
  });
});
