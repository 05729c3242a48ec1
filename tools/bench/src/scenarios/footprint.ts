import type { FootprintResult } from '../report/results';
import { ORDER_BODY, type BenchContext } from './context';
import { waitForEmptyQueue } from './e2e-latency';

export const ALL_PHASES_UNDER_LOAD = ['warmup', 'order-acceptance', 'ceiling', 'e2e-latency', 'pipeline', 'sse-fanout', 'footprint'];

/**
 * Scenario 5: how long `npm start` takes until every service is ready (with
 * dist already built: migrations + the four services, as the launcher does
 * it), each service's RSS just after start, idle (V8 has given back what start-up
 * grew) and under a checkout load through the BFF with one worker running.
 */
export async function runFootprint(context: BenchContext): Promise<FootprintResult> {
  const { loadSeconds, concurrency, afterStartSeconds, idleSeconds } = context.sizes.footprint;
  await context.system.setWorkerCount(1);
  await context.database.reset();
  context.progress.update(`footprint: ${loadSeconds} s of checkouts through the BFF at c=${concurrency}`);
  context.sampler.phase('footprint');
  await context.agent.run<'closed-loop'>({
    kind: 'closed-loop',
    url: `${context.system.bffUrl}/api/orders`,
    body: ORDER_BODY,
    connections: concurrency,
    durationSeconds: loadSeconds,
  });
  await waitForEmptyQueue(context, 20);
  context.sampler.phase('after-footprint');
  await context.database.reset();

  const services = context.system.services.map((service) => ({
    name: service.name,
    startRssMB: context.startRssMB[service.name] ?? null,
    idleRssMB: context.idleRssMB[service.name] ?? null,
    loadRssMB: context.sampler.peakMB(service.name, ['footprint']),
    peakRssMB: context.sampler.peakMB(service.name, ALL_PHASES_UNDER_LOAD),
  }));
  const result: FootprintResult = {
    startToReadyMs: context.startTiming.startToReadyMs,
    migrateMs: context.startTiming.migrateMs,
    readyMs: context.startTiming.readyMs,
    rssReadAfterSeconds: { start: afterStartSeconds, idle: idleSeconds },
    services,
    load: `POST /api/orders on the BFF, closed loop c=${concurrency} for ${loadSeconds} s, one worker, until the queue is empty`,
  };
  context.progress.step(
    `footprint: start-to-ready ${result.startToReadyMs} ms; RSS idle/load MB: ${services.map((s) => `${s.name} ${s.idleRssMB}/${s.loadRssMB}`).join(', ')}`,
  );
  return result;
}
