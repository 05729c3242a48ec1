import { DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectMetric, makeHistogramProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';
import type { FastifyInstance } from 'fastify';
import type { Histogram } from 'prom-client';
import { timeFastifyRequests } from './fastify-http-metrics';
import { HTTP_REQUEST_DURATION, HttpMetricsMiddleware } from './http-metrics.middleware';

/**
 * Prometheus `/metrics` for a service: Node's default metrics, HTTP latency
 * per route, and whatever the service registers itself — all labelled `service`.
 */
@Module({})
export class MetricsModule implements NestModule {
  static forService(service: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      imports: [PrometheusModule.register({ path: '/metrics', defaultLabels: { service }, global: true })],
      providers: [
        makeHistogramProvider({
          name: HTTP_REQUEST_DURATION,
          help: 'HTTP request duration in seconds, by route and status.',
          labelNames: ['method', 'route', 'status_code'],
          buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        }),
        HttpMetricsMiddleware,
      ],
      exports: [PrometheusModule],
    };
  }

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectMetric(HTTP_REQUEST_DURATION) private readonly duration: Histogram<string>,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const http = this.adapterHost.httpAdapter;
    if (http.getType() === 'fastify') timeFastifyRequests(http.getInstance<FastifyInstance>(), this.duration);
    else consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
