import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import { OrderApiModule } from '../order-api/order-api.module';
import { OrdersController } from './orders.controller';

@Module({
  imports: [
    OrderApiModule,
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        throttlers: [
          { limit: config.getOrThrow<number>('CHECKOUT_RATE_LIMIT'), ttl: config.getOrThrow<number>('CHECKOUT_RATE_WINDOW_MS') },
        ],
        errorMessage: (_context, limit) =>
          `too many checkouts from this address; retry after ${limit.timeToBlockExpire} s (see the Retry-After header)`,
      }),
    }),
  ],
  controllers: [OrdersController],
})
export class OrdersModule {}
