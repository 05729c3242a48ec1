import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ClientsModule } from '@nestjs/microservices';
import { tcpTransport } from '@mini-commerce/service-chassis';
import { PAYMENT_SERVICE, PaymentClient } from './payment.client';
import { paymentMetrics } from './payment-metrics';

@Module({
  imports: [
    ClientsModule.registerAsync([
      {
        name: PAYMENT_SERVICE,
        inject: [ConfigService],
        useFactory: (config: ConfigService) =>
          tcpTransport(config.getOrThrow<string>('PAYMENT_TCP_HOST'), config.getOrThrow<number>('PAYMENT_TCP_PORT')),
      },
    ]),
  ],
  providers: [PaymentClient, ...paymentMetrics],
  exports: [PaymentClient],
})
export class PaymentClientModule {}
