import { Controller, Get, type INestApplication, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { register } from 'prom-client';
import { MetricsModule } from './metrics.module';

@Controller('orders')
class ProbeController {
  @Get(':id')
  findOne(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Module({ imports: [MetricsModule.forService('probe')], controllers: [ProbeController] })
class ProbeModule {}

describe.each(['Express', 'Fastify'] as const)('MetricsModule on %s', (adapter) => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    register.clear(); // each app registers the histogram again
    app =
      adapter === 'Fastify'
        ? await NestFactory.create(ProbeModule, new FastifyAdapter(), { logger: false })
        : await NestFactory.create(ProbeModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(() => app?.close());

  it('times requests by the route they matched, not their raw URL, and by status', async () => {
    await fetch(`${baseUrl}/orders/1`);
    await fetch(`${baseUrl}/orders/2`);
    await fetch(`${baseUrl}/nowhere`);

    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();

    const count = (labels: string) =>
      new RegExp(`^http_request_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm').exec(metrics)?.[1];
    expect(count('method="GET",route="/orders/:id",status_code="200"')).toBe('2');
    expect(count('method="GET",route="unmatched",status_code="404"')).toBe('1');
  });
});
