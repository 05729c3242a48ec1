import './instrument'; // first: tracing hooks require() before Nest and the drivers load
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { orderEventsListenerOptions } from '@mini-commerce/event-bus';
import { configureHttpService, createFastifyAdapter, listen } from '@mini-commerce/service-chassis';
import { AppModule } from './app/app.module';
import { PUBLIC_DIR, servePages } from './app/web/serve-pages';

/** The browser's one entry point: web pages, /api/* and the SSE stream; order events arrive on a listener. */
async function bootstrap() {
  // Fastify, like order: every checkout and every SSE connect passes through here (docs/performance.md).
  // Browsers keep SSE sockets alive and reconnect at once; without forceCloseConnections, close() waits
  // on them forever. Checkouts cut off here are safe to retry: they carry an Idempotency-Key.
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    createFastifyAdapter({ forceCloseConnections: true }),
    { bufferLogs: true },
  );
  app.connectMicroservice(orderEventsListenerOptions(app.get(ConfigService), 'BFF_EVENTS_PORT'));
  configureHttpService(app, {
    title: 'client-bff',
    description: 'Backend for the browser: checkout, orders and the live event stream (SSE) at /api/events.',
  });
  // The pages, except under /api: API calls and SSE connects go straight to the router.
  servePages(app, PUBLIC_DIR);
  await listen(app, 'BFF_HTTP_PORT');
}

void bootstrap();
