import './instrument'; // first: tracing hooks require() before Nest and the drivers load
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { orderEventsListenerOptions } from '@mini-commerce/event-bus';
import { configureHttpService, listen } from '@mini-commerce/service-chassis';
import { AppModule } from './app/app.module';

/** HTTP only for health and docs; the work arrives through the queue table and wake-up events. */
async function bootstrap() {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  app.connectMicroservice(orderEventsListenerOptions(app.get(ConfigService), 'WORKER_EVENTS_PORT'));
  configureHttpService(app, {
    title: 'queue-worker',
    description: 'Claims payment jobs (SKIP LOCKED + lease), charges over Nest TCP, settles orders. Health only over HTTP.',
  });
  await listen(app, 'WORKER_HTTP_PORT');
}

void bootstrap();
