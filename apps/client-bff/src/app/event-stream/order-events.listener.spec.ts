import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { ORDER_EVENT_CHANNELS } from '@mini-commerce/event-bus';
import { orderEventWithId } from '@mini-commerce/testing';
import type { LiveEventsService } from './live-events.service';
import { OrderEventsListener } from './order-events.listener';

describe('OrderEventsListener', () => {
  it("hands every event of a message to the live stream, in the transaction's order", () => {
    const live = { publish: jest.fn() };
    const events = [orderEventWithId(7), orderEventWithId(8), orderEventWithId(9)];

    new OrderEventsListener(live as unknown as LiveEventsService).onOrderEvents(events);

    expect(live.publish.mock.calls.map(([event]) => event.id)).toEqual([7, 8, 9]);
  });

  it('listens on both order-event channels: the live stream shows every event', () => {
    const patterns = Reflect.getMetadata(PATTERN_METADATA, OrderEventsListener.prototype.onOrderEvents);

    expect(patterns).toEqual([ORDER_EVENT_CHANNELS.created, ORDER_EVENT_CHANNELS.payment]);
  });
});
