import { IsIn, IsOptional, IsString, Matches } from 'class-validator';

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
  EVENTS_CHANNEL: string = 'mini-commerce.order-events.v1';
}
