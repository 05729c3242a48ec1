import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { CORRELATION_ID_HEADER } from '@mini-commerce/contracts';
import { TracingShutdown } from '../tracing/tracing-shutdown';

const UUID_LIKE = /^[A-Za-z0-9-]{8,64}$/;

/** Reuses the caller's correlation id when it is sane, mints one otherwise, and echoes it back. */
function correlationIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[CORRELATION_ID_HEADER];
  const id = typeof incoming === 'string' && UUID_LIKE.test(incoming) ? incoming : randomUUID();
  res.setHeader(CORRELATION_ID_HEADER, id);
  return id;
}

/**
 * JSON lines on stdout, one `service` field per app and the request's `correlationId` on every line.
 * Also flushes the traces at shutdown: every app imports this module.
 */
@Module({})
export class LoggingModule {
  static forService(service: string): DynamicModule {
    return {
      module: LoggingModule,
      providers: [TracingShutdown],
      imports: [
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            pinoHttp: {
              level: config.get<string>('LOG_LEVEL', 'info'),
              base: { service },
              genReqId: correlationIdFor,
              customAttributeKeys: { reqId: 'correlationId' },
              quietReqLogger: true,
              // One short line per request; headers would leak cookies and bloat every line.
              serializers: {
                req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
              autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
            },
          }),
        }),
      ],
    };
  }
}
