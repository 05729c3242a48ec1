import { Module } from '@nestjs/common';
import { ConditionalModule, ConfigModule, ConfigService } from '@nestjs/config';
import { Transport } from '@nestjs/microservices';
import { MicroserviceHealthIndicator, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ORDER_SCHEMA } from '@mini-commerce/order-persistence';
import { DatabaseModule, HealthModule, LoggingModule, MetricsModule, validateEnvironment } from '@mini-commerce/service-chassis';
import { JobsModule } from './jobs/jobs.module';
import { WorkerControlModule } from './worker-control/worker-control.module';
import { WorkerEnvironment } from './worker.environment';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment(WorkerEnvironment) }),
    LoggingModule.forService('queue-worker'),
    MetricsModule.forService('queue-worker'),
    DatabaseModule.forSchema(ORDER_SCHEMA),
    HealthModule.forService({
      inject: [TypeOrmHealthIndicator, MicroserviceHealthIndicator, ConfigService],
      readinessChecks: (db: TypeOrmHealthIndicator, peers: MicroserviceHealthIndicator, config: ConfigService) => [
        () => db.pingCheck('database', { timeout: 1_500 }),
        () =>
          peers.pingCheck('payment', {
            transport: Transport.TCP,
            options: { host: config.getOrThrow('PAYMENT_TCP_HOST'), port: config.getOrThrow('PAYMENT_TCP_PORT') },
            timeout: 1_500,
          }),
      ],
    }),
    JobsModule,
    ConditionalModule.registerWhen(WorkerControlModule, (env) => env['OPERATOR_CONTROLS'] === 'true'),
  ],
})
export class AppModule {}
