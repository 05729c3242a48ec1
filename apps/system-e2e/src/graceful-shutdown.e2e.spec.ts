import { OrderEventType, type PaymentDto } from '@mini-commerce/contracts';
import { postJson, SseRecorder } from '@mini-commerce/testing';
import { SystemUnderTest } from '@mini-commerce/system-harness';

/** Resolves with how the process ended, or rejects if it is still running after `ms`. */
function exitWithin<T>(ms: number, exited: Promise<T>): Promise<T> {
  return Promise.race([
    exited,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms)),
  ]);
}

describe('graceful shutdown on SIGTERM', () => {
  let system: SystemUnderTest;

  beforeAll(async () => {
    system = await SystemUnderTest.start('shutdown', {
      portBase: 25_000,
      infrastructure: 'mysql+redis',
      env: { PAYMENT_DELAY_MS: '1000' },
    });
  });

  afterAll(() => system?.stop());

  it('lets payment finish a charge that is in flight before it exits', async () => {
    const charge = postJson<PaymentDto>(`${system.paymentUrl}/payments`, {
      orderId: '6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f',
      amount: 25_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = system.launcher.stop(system.service('payment'));
    const response = await charge;
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('approved');
    await exitWithin(10_000, stopped);
  });

  it('closes open SSE streams so the BFF exits within 10 s, and every other service too', async () => {
    const stream = new SseRecorder(`${system.bffUrl}/api/events`, Object.values(OrderEventType));
    try {
      await stream.waitUntilOpen();
      await exitWithin(10_000, system.launcher.stop(system.service('client-bff')));
      for (const name of ['queue-worker#1', 'order']) {
        await exitWithin(10_000, system.launcher.stop(system.service(name)));
      }
      expect(system.launcher.services).toHaveLength(0);
    } finally {
      stream.close();
    }
  });
});
