import { BadRequestException, type MessageEvent } from '@nestjs/common';
import type { Response } from 'express';
import { EVENT_PAGE_MAX, OrderEventType, OrderStatus, type OrderEventDto } from '@mini-commerce/contracts';
import type { OrderApiClient } from '../order-api/order-api.client';
import { EventStreamController } from './event-stream.controller';
import { DEFAULT_REPLAY, EventStreamService } from './event-stream.service';
import { LiveEventsService } from './live-events.service';

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

describe('EventStreamController', () => {
  let historyReads: jest.Mock<Promise<OrderEventDto[]>, [number | undefined, number]>;
  let controller: EventStreamController;
  let live: LiveEventsService;
  let response: { setHeader: jest.Mock; once: jest.Mock };

  beforeEach(() => {
    historyReads = jest.fn<Promise<OrderEventDto[]>, [number | undefined, number]>(async () => [paid]);
    const orderApi = { events: historyReads } as unknown as OrderApiClient;
    live = new LiveEventsService();
    response = { setHeader: jest.fn(), once: jest.fn() };
    controller = new EventStreamController(new EventStreamService(live, orderApi), live);
  });

  const events = (after: number | undefined, lastEventId?: string) =>
    controller.events({ after }, response as unknown as Response, lastEventId);

  /** Opens the stream and returns the messages the history read produced. */
  async function open(after: number | undefined, lastEventId?: string): Promise<MessageEvent[]> {
    const messages: MessageEvent[] = [];
    const subscription = events(after, lastEventId).subscribe((message) => messages.push(message));
    await new Promise((resolve) => setImmediate(resolve));
    subscription.unsubscribe();
    return messages;
  }

  it('resumes after Last-Event-ID, which takes precedence over ?after=', async () => {
    await open(2, '7');

    expect(historyReads).toHaveBeenCalledWith(7, EVENT_PAGE_MAX);
  });

  it.each([undefined, ''])('resumes after ?after= when Last-Event-ID is %p', async (lastEventId) => {
    await open(2, lastEventId);

    expect(historyReads).toHaveBeenCalledWith(2, EVENT_PAGE_MAX);
  });

  it('replays the latest events when there is no cursor at all', async () => {
    await open(undefined);

    expect(historyReads).toHaveBeenCalledWith(undefined, DEFAULT_REPLAY);
  });

  it.each(['abc', '-1', '1.5', '1e3', ' 7'])('rejects Last-Event-ID %p as a bad request', (lastEventId) => {
    const opening = () => events(2, lastEventId);

    expect(opening).toThrow(BadRequestException);
    expect(opening).toThrow('Last-Event-ID must be a non-negative integer');
    expect(historyReads).not.toHaveBeenCalled();
  });

  it('once shutdown has begun, tells new clients to reconnect shortly and closes the connection', async () => {
    live.beforeApplicationShutdown();

    const messages: MessageEvent[] = [];
    events(undefined).subscribe((message) => messages.push(message));

    expect(messages).toEqual([expect.objectContaining({ type: 'reconnect', retry: 1_000 })]);
    expect(response.setHeader).toHaveBeenCalledWith('connection', 'close');
    expect(response.once).toHaveBeenCalledWith('finish', expect.any(Function));
    expect(historyReads).not.toHaveBeenCalled();
  });

  it('sends each event with its id as the SSE id and its type as the SSE event name', async () => {
    expect(await open(0)).toEqual([{ id: '8', type: OrderEventType.Paid, data: paid }]);
  });
});
