import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ClientProxyFactory } from '@nestjs/microservices';
import { redisTransport, tcpTransport } from '@mini-commerce/service-chassis';
import { eventsPublishedCounter } from './event-bus-metrics';
import { EVENT_BUS_CLIENTS, OrderEventPublisher } from './order-event-publisher';

/** Environment variable names of one TCP event listener (used when REDIS_URL is unset). */
export interface TcpSubscriberAddress {
  hostVariable: string;
  portVariable: string;
}

@Module({})
export class EventBusModule {
  /**
   * With REDIS_URL: one Redis publisher, and every replica that subscribes gets
   * every event. Without it: a TCP client per known subscriber (single instances).
   */
  static forPublisher(tcpSubscribers: TcpSubscriberAddress[]): DynamicModule {
    return {
      module: EventBusModule,
      providers: [
        {
          provide: EVENT_BUS_CLIENTS,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => {
            const redisUrl = config.get<string>('REDIS_URL');
            if (redisUrl) return [ClientProxyFactory.create(redisTransport(redisUrl))];
            return tcpSubscribers.map(({ hostVariable, portVariable }) =>
              ClientProxyFactory.create(
                tcpTransport(config.getOrThrow<string>(hostVariable), config.getOrThrow<number>(portVariable)),
              ),
            );
          },
        },
        OrderEventPublisher,
        eventsPublishedCounter,
      ],
      exports: [OrderEventPublisher],
    };
  }
}
