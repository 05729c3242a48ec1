import { IsString } from 'class-validator';
import { CommonEnvironment, IsPort } from '@mini-commerce/service-chassis';

export class OrderEnvironment extends CommonEnvironment {
  @IsPort()
  ORDER_HTTP_PORT: number = 8001;

  /** Event listeners notified over TCP when REDIS_URL is unset. */
  @IsString()
  BFF_EVENTS_HOST: string = '127.0.0.1';

  @IsPort()
  BFF_EVENTS_PORT: number = 8010;

  @IsString()
  WORKER_EVENTS_HOST: string = '127.0.0.1';

  @IsPort()
  WORKER_EVENTS_PORT: number = 8013;
}
