import './instrument'; // first: tracing hooks require() before Nest and the drivers load
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpService, listen } from '@mini-commerce/service-chassis';
import { AppModule } from './app/app.module';

async function bootstrap() {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  configureHttpService(app, {
    title: 'order',
    description: 'Accepts orders and enqueues their payment in the same transaction; serves the event history.',
  });
  await listen(app, 'ORDER_HTTP_PORT');
}

void bootstrap();
