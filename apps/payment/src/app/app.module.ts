import { Module } from '@nestjs/common';
import { ConditionalModule, ConfigModule } from '@nestjs/config';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DatabaseModule, HealthModule, LoggingModule, MetricsModule, validateEnvironment } from '@mini-commerce/service-chassis';
import { PaymentEnvironment } from './payment.environment';
import { PAYMENT_SCHEMA } from './payments/payment-schema';
import { PaymentsModule } from './payments/payments.module';
import { ProviderFaultsModule } from './provider-faults/provider-faults.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment(PaymentEnvironment) }),
    LoggingModule.forService('payment'),
    MetricsModule.forService('payment'),
    DatabaseModule.forSchema(PAYMENT_SCHEMA),
    HealthModule.forService({
      inject: [TypeOrmHealthIndicator],
      readinessChecks: (db: TypeOrmHealthIndicator) => [() => db.pingCheck('database', { timeout: 1_500 })],
    }),
    PaymentsModule,
    ConditionalModule.registerWhen(ProviderFaultsModule, (env) => env['OPERATOR_CONTROLS'] === 'true'),
  ],
})
export class AppModule {}
