import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { ConditionalModule, ConfigModule, ConfigService } from '@nestjs/config';
import { HttpHealthIndicator } from '@nestjs/terminus';
import { HealthModule, LoggingModule, MetricsModule, validateEnvironment } from '@mini-commerce/service-chassis';
import { BffEnvironment } from './bff.environment';
import { EventStreamModule } from './event-stream/event-stream.module';
import { OperatorModule } from './operator/operator.module';
import { OrdersModule } from './orders/orders.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment(BffEnvironment) }),
    LoggingModule.forService('client-bff'),
    MetricsModule.forService('client-bff'),
    HealthModule.forService({
      imports: [HttpModule],
      inject: [HttpHealthIndicator, ConfigService],
      readinessChecks: (http: HttpHealthIndicator, config: ConfigService) => [
        () => http.pingCheck('order', `${config.getOrThrow<string>('ORDER_URL')}/health/live`, { timeout: 1_500 }),
      ],
    }),
    OrdersModule,
    EventStreamModule,
    ConditionalModule.registerWhen(OperatorModule, (env) => env['OPERATOR_CONTROLS'] === 'true'),
    WebModule,
  ],
})
export class AppModule {}
