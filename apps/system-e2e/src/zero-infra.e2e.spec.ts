import { OrderEventType, type OrderDto } from '@mini-commerce/contracts';
import { anOrder, getJson, placeOrder, postJson, SseRecorder } from '@mini-commerce/testing';
import { SystemUnderTest } from '@mini-commerce/system-harness';

describe('zero-infra mode: embedded SQLite and Nest TCP, no DATABASE_URL or REDIS_URL', () => {
  let system: SystemUnderTest;
  let stream: SseRecorder;

  beforeAll(async () => {
    system = await SystemUnderTest.start('zero-infra', { portBase: 20_000, infrastructure: 'sqlite+tcp' });
    stream = new SseRecorder(`${system.bffUrl}/api/events`, Object.values(OrderEventType));
    await stream.waitUntilOpen();
  });

  afterAll(async () => {
    stream?.close();
    await system?.stop();
  });

  it('runs the same flow: paid, and failed under Rp 10.000', async () => {
    const paid = await placeOrder(system.bffUrl, { amount: 75_000 });
    const declined = await placeOrder(system.bffUrl, { amount: 9_999 });

    await stream.waitFor(paid.id, OrderEventType.Paid);
    await stream.waitFor(declined.id, OrderEventType.Failed);
    expect(stream.eventsFor(paid.id).map((event) => event.type)).toEqual([
      OrderEventType.Created,
      OrderEventType.Processing,
      OrderEventType.Paid,
    ]);
    const { body } = await getJson<OrderDto>(`${system.bffUrl}/api/orders/${declined.id}`);
    expect(body).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('Rp 9.999') });
  });

  it('validates input the same way', async () => {
    const response = await postJson<{ message: string[] }>(`${system.bffUrl}/api/orders`, anOrder({ quantity: -1 }));
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('quantity must not be less than 1');
  });

  it('uses SQLite, not the MariaDB server', () => {
    expect(system.env['DATABASE_URL']).toBeUndefined();
    expect(system.service('order').output.join('\n')).not.toContain('mysql');
  });
});
