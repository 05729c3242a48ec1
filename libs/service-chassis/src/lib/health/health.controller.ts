import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorFunction } from '@nestjs/terminus';

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_CHECKS) private readonly readinessChecks: HealthIndicatorFunction[],
  ) {}

  @Get()
  @HealthCheck()
  @ApiOkResponse({ description: 'Ready: every dependency answers.' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; the body names it.' })
  check() {
    return this.health.check(this.readinessChecks);
  }

  /** The process is up and its event loop turns; says nothing about dependencies. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; do not route traffic here.' })
  ready() {
    return this.health.check(this.readinessChecks);
  }
}
