import { ConfigService } from '@nestjs/config';
import { type CustomStrategy, Transport } from '@nestjs/microservices';
import { orderEventsListenerOptions } from './order-events-listener';

describe('orderEventsListenerOptions', () => {
  it('subscribes through Redis when REDIS_URL is set, so every replica gets every event', () => {
    const config = new ConfigService({
      REDIS_URL: 'redis://cache.internal:6380',
      TCP_BIND_HOST: '127.0.0.1',
      BFF_EVENTS_PORT: 8010,
    });

    const { strategy } = orderEventsListenerOptions(config, 'BFF_EVENTS_PORT') as CustomStrategy;

    expect(strategy.transportId).toBe(Transport.REDIS);
    expect(optionsOf(strategy)).toMatchObject({ host: 'cache.internal', port: 6380 });
  });

  it("listens on the service's own TCP port when there is no Redis", () => {
    const config = new ConfigService({ TCP_BIND_HOST: '127.0.0.1', BFF_EVENTS_PORT: 8010 });

    const { strategy } = orderEventsListenerOptions(config, 'BFF_EVENTS_PORT') as CustomStrategy;

    expect(strategy.transportId).toBe(Transport.TCP);
    expect(optionsOf(strategy)).toMatchObject({ host: '127.0.0.1', port: 8010 });
  });
});

/** The options a Nest server was built with (kept on a protected field). */
function optionsOf(strategy: CustomStrategy['strategy']): unknown {
  return (strategy as unknown as { options: unknown }).options;
}
