import { ArgumentsHost, Catch, type HttpServer, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { isDatabaseUnavailable } from '../database/database-unavailable';

/**
 * Turns "database unreachable" into a prompt 503 the caller can retry, instead
 * of a 500 — nothing was stored, and the body says so.
 */
@Catch()
export class DatabaseUnavailableFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(DatabaseUnavailableFilter.name);

  constructor(private readonly http: HttpServer) {
    super(http);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http' || !isDatabaseUnavailable(exception)) {
      super.catch(exception, host);
      return;
    }
    this.logger.warn({ err: (exception as Error).message }, 'database unavailable');
    // Through the HTTP adapter, so the same filter answers on Express and Fastify.
    this.http.reply(
      host.switchToHttp().getResponse(),
      {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        message: 'the database is unavailable; nothing was changed, retry shortly',
        error: 'Service Unavailable',
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}
