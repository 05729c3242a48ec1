import type { OrderPageDto } from '@mini-commerce/contracts';
import { SystemUnderTest } from '@mini-commerce/system-harness';
import { anOrder, getJson, placeOrder, postJson } from '@mini-commerce/testing';

const LIMIT = 3;

describe('checkout rate limit per client address (client-bff, @nestjs/throttler)', () => {
  let system: SystemUnderTest;

  beforeAll(async () => {
    system = await SystemUnderTest.start('rate-limit', {
      portBase: 17_000,
      infrastructure: 'sqlite+tcp',
      // A window far longer than the test: the limit cannot reset mid-test on a slow machine.
      env: { CHECKOUT_RATE_LIMIT: String(LIMIT), CHECKOUT_RATE_WINDOW_MS: '60000' },
    });
  });

  afterAll(() => system?.stop());

  it('answers 429 with Retry-After past the limit, stores nothing for it, and leaves reads alone', async () => {
    for (let checkout = 0; checkout < LIMIT; checkout++) await placeOrder(system.bffUrl);

    const refused = await postJson<{ statusCode: number; message: string }>(`${system.bffUrl}/api/orders`, anOrder());

    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/too many checkouts from this address; retry after \d+ s/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const listed = await getJson<OrderPageDto>(`${system.bffUrl}/api/orders?limit=50`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(LIMIT);
  });
});
