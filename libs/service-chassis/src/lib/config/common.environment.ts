import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ORDER_EVENTS_CHANNEL } from '@mini-commerce/contracts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Variables every service understands. Each app extends this with its own. */
export class CommonEnvironment {
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Interface the HTTP server binds to. */
  @IsString()
  HTTP_HOST: string = '0.0.0.0';

  /** Interface internal TCP listeners bind to; loopback unless a deployment opens it. */
  @IsString()
  TCP_BIND_HOST: string = '127.0.0.1';

  /** `mysql://user:pass@host:3306/db`. Unset: an embedded SQLite file under SQLITE_DIR. */
  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/.+/, { message: 'DATABASE_URL must be a mysql:// or mariadb:// URL' })
  DATABASE_URL?: string;

  @IsString()
  SQLITE_DIR: string = 'data';

  /** `redis://host:6379`. Unset: events travel over Nest TCP between single instances. */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Pub/sub channel of order events; give each deployment that shares a Redis its own. */
  @Matches(/^[\w.:-]{1,100}$/, { message: 'EVENTS_CHANNEL must be 1-100 letters, digits, . : _ or -' })
  EVENTS_CHANNEL: string = ORDER_EVENTS_CHANNEL;

  /**
   * Tracing: set either OTLP/HTTP endpoint to export traces (off when both are unset or empty). Read by
   * the OpenTelemetry SDK before Nest starts (startTracing); declared here so a typo'd URL stops the service.
   * Every other OTEL_* variable the SDK knows (OTEL_BSP_*, OTEL_TRACES_SAMPLER...) works too.
   */
  @IsOptional()
  @Matches(/^(https?:\/\/.+)?$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL (or empty: off)' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** Overrides OTEL_EXPORTER_OTLP_ENDPOINT for traces; the full URL, `/v1/traces` included. */
  @IsOptional()
  @Matches(/^(https?:\/\/.+)?$/, { message: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http:// or https:// URL (or empty: off)' })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  /** The service name in traces; default: the app's own (order, payment, queue-worker, client-bff). */
  @IsOptional()
  @IsString()
  OTEL_SERVICE_NAME?: string;
}
