import './instrument'; // first: tracing hooks require() before Nest and the drivers load
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureHttpService, createFastifyAdapter, listen } from '@mini-commerce/service-chassis';
import { AppModule } from './app/app.module';

async function bootstrap() {
  // Fastify, not Express: every checkout passes through here (docs/performance.md).
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(), { bufferLogs: true });
  configureHttpService(app, {
    title: 'order',
    description: 'Accepts orders and enqueues their payment in the same transaction; serves the event history.',
  });
  await listen(app, 'ORDER_HTTP_PORT');
}

void bootstrap();
