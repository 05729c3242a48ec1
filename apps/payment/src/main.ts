import './instrument'; // first: tracing hooks require() before Nest and the drivers load
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpService, listen, tcpServer } from '@mini-commerce/service-chassis';
import { AppModule } from './app/app.module';

/** Hybrid app: HTTP for people and tools, Nest TCP request/response for the worker. */
async function bootstrap() {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  const config = app.get(ConfigService);
  app.connectMicroservice(
    tcpServer(config.getOrThrow<string>('TCP_BIND_HOST'), config.getOrThrow<number>('PAYMENT_TCP_PORT')),
  );
  configureHttpService(app, {
    title: 'payment',
    description: 'Charges orders, idempotently per order; declines amounts under Rp 10.000. TCP pattern `payment.charge.v1`.',
  });
  await listen(app, 'PAYMENT_HTTP_PORT');
}

void bootstrap();
