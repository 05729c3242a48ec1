import { randomUUID } from 'node:crypto';
import { Body, Controller, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CreateOrderDto, OrderStatus, type OrderDto } from '@mini-commerce/contracts';
import { CorrelationId, createFastifyAdapter, createValidationPipe } from '@mini-commerce/service-chassis';

/**
 * The framework's own floor for order acceptance: POST /orders through what order's
 * checkout passes before its service is called — Nest on the chassis's Fastify
 * adapter, CreateOrderDto checked by the chassis's ValidationPipe, the correlation id —
 * answered 201 with an order that is stored nowhere. No database, no events, no
 * logging, no helmet, no metrics: whatever order spends per checkout beyond this is its
 * own work and its middleware; the bare server shows what that work costs without a
 * framework. Runs as its own process, like the service it stands in for.
 *
 * Env: FLOOR_PORT.
 */
@Controller()
class FloorController {
  @Post('orders')
  create(@Body() body: CreateOrderDto, @CorrelationId() correlationId: string): OrderDto {
    const now = new Date().toISOString();
    return {
      id: randomUUID(),
      ...body,
      status: OrderStatus.Pending,
      failureReason: null,
      correlationId,
      createdAt: now,
      updatedAt: now,
    };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function start(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(FloorModule, createFastifyAdapter(), { logger: false });
  app.useGlobalPipes(createValidationPipe());
  await app.listen(Number(process.env['FLOOR_PORT']), '127.0.0.1');
  const stop = () => void app.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  process.send?.({ ready: true });
}

void start();
