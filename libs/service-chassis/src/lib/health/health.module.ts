import { DynamicModule, type FactoryProvider, Module, type ModuleMetadata } from '@nestjs/common';
import { TerminusModule, type HealthIndicatorFunction } from '@nestjs/terminus';
import { HealthController, READINESS_CHECKS } from './health.controller';

export interface HealthOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  /** The dependencies this service cannot serve without. */
  readinessChecks: (...dependencies: never[]) => HealthIndicatorFunction[];
}

/** `/health`, `/health/live` and `/health/ready` for any service, given its own readiness checks. */
@Module({})
export class HealthModule {
  static forService(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        { provide: READINESS_CHECKS, inject: options.inject ?? [], useFactory: options.readinessChecks },
      ],
    };
  }
}
