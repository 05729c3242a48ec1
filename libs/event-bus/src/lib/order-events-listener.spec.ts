import { ConfigService } from '@nestjs/config';
import { Transport } from '@nestjs/microservices';
import { orderEventsListenerOptions } from './order-events-listener';

describe('orderEventsListenerOptions', () => {
  it('subscribes through Redis when REDIS_URL is set, so every replica gets every event', () => {
    const config = new ConfigService({
      REDIS_URL: 'redis://cache.internal:6380',
      TCP_BIND_HOST: '127.0.0.1',
      BFF_EVENTS_PORT: 8010,
    });

    expect(orderEventsListenerOptions(config, 'BFF_EVENTS_PORT')).toMatchObject({
      transport: Transport.REDIS,
      options: { host: 'cache.internal', port: 6380 },
    });
  });

  it("listens on the service's own TCP port when there is no Redis", () => {
    const config = new ConfigService({ TCP_BIND_HOST: '127.0.0.1', BFF_EVENTS_PORT: 8010 });

    expect(orderEventsListenerOptions(config, 'BFF_EVENTS_PORT')).toEqual({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: 8010 },
    });
  });
});
