import { Transport } from '@nestjs/microservices';
import { redisTransport } from './transport-options';

describe('redisTransport', () => {
  it('takes host, port, credentials and database number from the URL', () => {
    const { transport, options } = redisTransport('redis://app:s%40cret@cache.internal:6380/3');

    expect(transport).toBe(Transport.REDIS);
    expect(options).toMatchObject({ host: 'cache.internal', port: 6380, username: 'app', password: 's@cret', db: 3 });
    expect(options?.tls).toBeUndefined();
  });

  it('defaults to port 6379, database 0 and no credentials', () => {
    const { options } = redisTransport('redis://127.0.0.1');

    expect(options).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0 });
    expect(options?.username).toBeUndefined();
    expect(options?.password).toBeUndefined();
  });

  it('turns on TLS for rediss://', () => {
    expect(redisTransport('rediss://cache.example.com:6380').options?.tls).toEqual({});
  });
});
