import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { CORRELATION_ID_HEADER } from '@mini-commerce/contracts';
import { correlationIdOf } from '../http/correlation-id';
import { TracingShutdown } from '../tracing/tracing-shutdown';

/**
 * Express: the request's correlation id, echoed back. (On Fastify the request arrives
 * with its id already set, by createFastifyAdapter, and pino-http does not ask.)
 */
function correlationIdFor(req: IncomingMessage, res: ServerResponse): string {
  const id = correlationIdOf(req);
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
