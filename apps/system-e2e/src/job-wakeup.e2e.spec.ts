import { OrderEventType, OrderStatus, orderEventChannels, type OrderDto } from '@mini-commerce/contracts';
import { getJson, placeOrder, redisSubscriberCounts, SseRecorder } from '@mini-commerce/testing';
import { SystemUnderTest } from '@mini-commerce/system-harness';

/**
 * The worker's poll is set to ten minutes here, so an order is paid within the test's
 * time only if its `order.created` woke the worker: on the created channel over Redis,
 * or as a TCP event without it.
 */
const NO_POLL = { JOB_POLL_INTERVAL_MS: String(10 * 60_000) };

describe.each([
  { infrastructure: 'mysql+redis' as const, label: 'wakeup-redis', portBase: 16_000 },
  { infrastructure: 'sqlite+tcp' as const, label: 'wakeup-tcp', portBase: 16_500 },
])('the worker wakes on order.created ($infrastructure)', ({ infrastructure, label, portBase }) => {
  let system: SystemUnderTest;
  let stream: SseRecorder;

  beforeAll(async () => {
    system = await SystemUnderTest.start(label, { portBase, infrastructure, env: NO_POLL });
    stream = new SseRecorder(`${system.bffUrl}/api/events`, Object.values(OrderEventType));
    await stream.waitUntilOpen();
  });

  afterAll(async () => {
    stream?.close();
    await system?.stop();
  });

  it('pays a new order without waiting for the poll, and streams all of its events', async () => {
    const order = await placeOrder(system.bffUrl);

    await stream.waitFor(order.id, OrderEventType.Paid, 15_000);
    const { body } = await getJson<OrderDto>(`${system.orderUrl}/orders/${order.id}`);
    expect(body.status).toBe(OrderStatus.Paid);
    const types = stream.eventsFor(order.id).map((event) => event.type);
    expect(types).toEqual([OrderEventType.Created, OrderEventType.Processing, OrderEventType.Paid]);
  });

  if (infrastructure === 'mysql+redis') {
    it('subscribes the worker to new orders only and the BFF to both channels', async () => {
      const channels = orderEventChannels(system.env['EVENTS_CHANNEL']);

      expect(await redisSubscriberCounts([channels.created, channels.payment])).toEqual([2, 1]);
    });
  }
});
