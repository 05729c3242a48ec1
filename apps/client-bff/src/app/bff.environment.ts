import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { CommonEnvironment, IsFlag, IsPort } from '@mini-commerce/service-chassis';

export class BffEnvironment extends CommonEnvironment {
  /** The one port browsers use: pages, /api/* and the SSE stream. */
  @IsPort()
  BFF_HTTP_PORT: number = 8000;

  /** Where order events arrive over TCP when REDIS_URL is unset. */
  @IsPort()
  BFF_EVENTS_PORT: number = 8010;

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  ORDER_URL: string = 'http://127.0.0.1:8001';

  @IsInt()
  @Min(100)
  @Max(60_000)
  ORDER_TIMEOUT_MS: number = 5_000;

  /** Mounts /api/operator (the fault panel's API). Never on in production. */
  @IsFlag()
  OPERATOR_CONTROLS: boolean = false;

  /** payment's and queue-worker's HTTP, for the operator panel only. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PAYMENT_URL: string = 'http://127.0.0.1:8002';

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  WORKER_URL: string = 'http://127.0.0.1:8003';

  /** Checkouts allowed per client address per window; beyond that, 429 with Retry-After. */
  @IsInt()
  @Min(1)
  CHECKOUT_RATE_LIMIT: number = 100;

  @IsInt()
  @Min(100)
  CHECKOUT_RATE_WINDOW_MS: number = 1_000;

  /** How often recent history is re-read to deliver events whose publish was lost (within two intervals). */
  @IsInt()
  @Min(100)
  EVENT_CATCH_UP_INTERVAL_MS: number = 1_000;
}
