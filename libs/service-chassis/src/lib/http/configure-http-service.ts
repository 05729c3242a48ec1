import { type INestApplication, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { CORRELATION_ID_HEADER } from '@mini-commerce/contracts';
import { DatabaseUnavailableFilter } from './database-unavailable.filter';

/** Every request body here is a few hundred bytes; anything near the limit is abuse (413). */
export const MAX_JSON_BODY_BYTES = 16 * 1024;

export interface HttpServiceDescription {
  title: string;
  description: string;
  /** Overrides helmet's defaults, e.g. the BFF's stricter page policy. */
  helmet?: Parameters<typeof helmet>[0];
}

/**
 * What every HTTP service shares, on Express or Fastify: JSON logs, strict validation
 * that names the bad field, security headers, Swagger at /docs (+ /docs-json) and
 * graceful shutdown.
 */
export function configureHttpService(
  app: NestExpressApplication | NestFastifyApplication,
  service: HttpServiceDescription,
): void {
  app.useLogger(app.get(Logger));
  // Fastify takes its body limit when it is created (createFastifyAdapter).
  if (app.getHttpAdapter().getType() === 'express') {
    (app as NestExpressApplication).useBodyParser('json', { limit: MAX_JSON_BODY_BYTES });
  }
  app.use(
    helmet({
      // Services speak plain HTTP behind a TLS-terminating proxy; never rewrite their URLs to https.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
      ...service.helmet,
    }),
  );
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DatabaseUnavailableFilter(app.get(HttpAdapterHost).httpAdapter));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(service.title)
      .setDescription(service.description)
      .setVersion('1.0')
      .addGlobalParameters({
        name: CORRELATION_ID_HEADER,
        in: 'header',
        required: false,
        description: 'Optional; generated when absent and echoed in the response.',
        schema: { type: 'string' },
      })
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
}

/**
 * Unknown fields are refused, values become the DTO's types, and each field reports its
 * first error only, so a 400 names the field and one thing wrong with it.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: true });
}

/** Listens on the configured host and port and logs where. */
export async function listen(app: INestApplication, portVariable: string): Promise<void> {
  const config = app.get(ConfigService);
  const port = config.getOrThrow<number>(portVariable);
  const host = config.getOrThrow<string>('HTTP_HOST');
  await app.startAllMicroservices();
  await app.listen(port, host);
  app.get(Logger).log(`listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port} (docs at /docs)`);
}
