import { OrderEventType, orderEventChannels, type OrderDto } from '@mini-commerce/contracts';
import { anOrder, eventually, getJson, placeOrder, redisSubscriberCounts, SseRecorder } from '@mini-commerce/testing';
import { queryRows, SystemUnderTest } from '@mini-commerce/system-harness';

describe('MariaDB and Redis going away (cut through proxies, as a network partition would)', () => {
  let system: SystemUnderTest;
  let stream: SseRecorder;

  beforeAll(async () => {
    system = await SystemUnderTest.start('infra-outage', {
      portBase: 24_000,
      infrastructure: 'mysql+redis',
      withFaultProxies: true,
      // A job caught mid-settle by a long outage is retried once its (short) lease ends.
      env: { JOB_POLL_INTERVAL_MS: '300', EVENT_CATCH_UP_INTERVAL_MS: '500', JOB_LEASE_MS: '5000' },
    });
    stream = new SseRecorder(`${system.bffUrl}/api/events`, Object.values(OrderEventType));
    await stream.waitUntilOpen();
  });

  afterAll(async () => {
    stream?.close();
    await system?.stop();
  });

  it('answers 503 within 2 s while the database is unreachable, reports not ready, and recovers by itself', async () => {
    const accepted = await placeOrder(system.bffUrl);
    await system.proxies?.database.cut();

    // The promise is "never hangs": the answer must come within 2 s.
    const refused = await fetch(`${system.bffUrl}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(anOrder()),
      signal: AbortSignal.timeout(2_000),
    });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ message: expect.stringContaining('database is unavailable') });

    const ready = await getJson<{ error: Record<string, unknown> }>(`${system.orderUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body.error).toHaveProperty('database');
    expect((await fetch(`${system.orderUrl}/health/live`)).status).toBe(200);

    await system.proxies?.database.open();
    const recovered = await eventually(async () => {
      const response = await fetch(`${system.bffUrl}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(anOrder()),
      });
      return response.status === 201 && ((await response.json()) as OrderDto);
    }, { what: 'checkout to work again' });
    for (const order of [accepted, recovered]) await stream.waitFor(order.id, OrderEventType.Paid, 15_000);
    const stored = await queryRows(system, 'SELECT id FROM orders WHERE id IN (?, ?)', [accepted.id, recovered.id]);
    expect(stored).toHaveLength(2);
  });

  it('keeps taking and paying orders while Redis is down, and every service resubscribes when it returns', async () => {
    const channels = Object.values(orderEventChannels(system.env['EVENTS_CHANNEL']));
    const subscribersBefore = await channelSubscribers(channels);
    expect(subscribersBefore).toBeGreaterThan(0);
    await system.proxies?.redis.cut();

    // No wake-up event and no pub/sub: the worker's poll and the BFF's history catch-up carry the flow.
    const duringOutage = await placeOrder(system.bffUrl);
    await stream.waitFor(duringOutage.id, OrderEventType.Paid, 30_000);

    await system.proxies?.redis.open();
    await eventually(async () => (await channelSubscribers(channels)) === subscribersBefore, {
      timeoutMs: 15_000,
      what: `${subscribersBefore} subscriptions back on ${channels.join(' and ')}`,
    });
    const afterOutage = await placeOrder(system.bffUrl);
    await stream.waitFor(afterOutage.id, OrderEventType.Paid);
    const ids = stream.received.map((event) => event.data.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

/** Subscriptions to the channels, summed. */
async function channelSubscribers(channels: string[]): Promise<number> {
  return (await redisSubscriberCounts(channels)).reduce((sum, count) => sum + count, 0);
}
