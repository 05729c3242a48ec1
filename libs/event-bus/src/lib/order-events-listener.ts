import type { ConfigService } from '@nestjs/config';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { redisServer, tcpServer } from '@mini-commerce/service-chassis';

/**
 * Transport on which a service receives order events: a Redis subscription when
 * REDIS_URL is set (fan-out to every replica), else its own TCP port.
 */
export function orderEventsListenerOptions(config: ConfigService, tcpPortVariable: string): MicroserviceOptions {
  const redisUrl = config.get<string>('REDIS_URL');
  return redisUrl
    ? redisServer(redisUrl)
    : tcpServer(config.getOrThrow<string>('TCP_BIND_HOST'), config.getOrThrow<number>(tcpPortVariable));
}
