import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ORDER_SCHEMA } from '@mini-commerce/order-persistence';
import { DatabaseModule, HealthModule, LoggingModule, MetricsModule, validateEnvironment } from '@mini-commerce/service-chassis';
import { EventsModule } from './events/events.module';
import { OrderEnvironment } from './order.environment';
import { OrdersModule } from './orders/orders.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment(OrderEnvironment) }),
    LoggingModule.forService('order'),
    MetricsModule.forService('order'),
    DatabaseModule.forSchema(ORDER_SCHEMA),
    HealthModule.forService({
      inject: [TypeOrmHealthIndicator],
      readinessChecks: (db: TypeOrmHealthIndicator) => [() => db.pingCheck('database', { timeout: 1_500 })],
    }),
    OrdersModule,
    EventsModule,
  ],
})
export class AppModule {}
