import { type CustomStrategy, Transport, type RedisOptions } from '@nestjs/microservices';
import { DirectPatternServerRedis, DirectPatternServerTCP } from './direct-pattern-servers';
import { NoDelayJsonSocket } from './no-delay-json-socket';

/** Nest's Redis transport takes discrete options, not a URL; never give up reconnecting. */
export function redisTransport(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  return {
    transport: Transport.REDIS,
    options: {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username || undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: Number(url.pathname.slice(1) || 0),
      tls: url.protocol === 'rediss:' ? {} : undefined,
      retryAttempts: Number.MAX_SAFE_INTEGER,
      retryDelay: 1_000,
    },
  };
}

/** Fits both a TCP client and a TCP microservice server; both ends send without delay. */
export function tcpTransport(host: string, port: number) {
  return { transport: Transport.TCP as const, options: { host, port, socketClass: NoDelayJsonSocket } };
}

/** A Redis microservice server (a subscriber), finding string patterns' handlers directly. */
export function redisServer(redisUrl: string): CustomStrategy {
  return { strategy: new DirectPatternServerRedis(redisTransport(redisUrl).options ?? {}) };
}

/** A TCP microservice server, finding string patterns' handlers directly. */
export function tcpServer(host: string, port: number): CustomStrategy {
  return { strategy: new DirectPatternServerTCP(tcpTransport(host, port).options) };
}
