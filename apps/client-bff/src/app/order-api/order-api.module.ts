import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { OrderApiClient } from './order-api.client';

@Module({
  imports: [
    HttpModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        baseURL: config.getOrThrow<string>('ORDER_URL'),
        timeout: config.getOrThrow<number>('ORDER_TIMEOUT_MS'),
      }),
    }),
  ],
  providers: [OrderApiClient],
  exports: [OrderApiClient],
})
export class OrderApiModule {}
