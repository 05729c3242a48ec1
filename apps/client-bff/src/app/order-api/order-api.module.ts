import { Module } from '@nestjs/common';
import { OrderApiClient } from './order-api.client';

@Module({
  providers: [OrderApiClient],
  exports: [OrderApiClient],
})
export class OrderApiModule {}
