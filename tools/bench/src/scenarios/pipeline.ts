import { setTimeout as sleep } from 'node:timers/promises';
import { OrderEventType, orderEventChannels } from '@mini-commerce/contracts';
import type { PipelineResult, PipelineRow } from '../report/results';
import { median, round } from '../stats/percentiles';
import { cpuMsPer, ORDER_BODY, withCpuSplit, type BenchContext } from './context';
import { waitForEmptyQueue } from './e2e-latency';

/**
 * Scenario 3: the most orders per second that end paid, with 1, 2 and 4
 * workers. A closed loop over the whole pipeline: `inFlight` slots each POST an
 * order to order and wait for its order.paid event before the next, so the
 * queue stays bounded and the rate is one the pipeline sustains (acceptance
 * included). The queue depth is sampled from the database meanwhile.
 */
export async function runPipeline(context: BenchContext): Promise<PipelineResult> {
  const { workers, windowSeconds, inFlight, drainTimeoutSeconds } = context.sizes.pipeline;
  const rows: PipelineRow[] = [];
  for (const count of workers) {
    context.progress.update(`pipeline: starting ${count} worker(s)`);
    await context.system.setWorkerCount(count);
    await context.database.reset();
    context.progress.update(`pipeline: ${count} worker(s), ${windowSeconds} s at ${inFlight} orders in flight`);

    const queueDepth: PipelineRow['queueDepth'] = [];
    let sampling = true;
    const started = performance.now();
    const sampler = (async () => {
      while (sampling) {
        const { queueDepth: depth } = await context.database.counts();
        const tSeconds = round((performance.now() - started) / 1000, 1);
        queueDepth.push({ tSeconds, depth });
        if (tSeconds > windowSeconds) break;
        await sleep(500);
      }
    })();
    const { value: outcome, cpuCores, cpuSeconds } = await withCpuSplit(context, () =>
      context.agent.run<'pipeline-loop'>({
        kind: 'pipeline-loop',
        postUrl: `${context.system.orderUrl}/orders`,
        redisUrl: context.redisUrl,
        // The final events travel on the payment channel; the load generator need not hear every order.created.
        channel: orderEventChannels(context.system.eventsChannel).payment,
        body: ORDER_BODY,
        inFlight,
        durationSeconds: windowSeconds,
        drainTimeoutSeconds,
        finalEventTypes: [OrderEventType.Paid, OrderEventType.Failed],
        correlationPrefix: `pipeline-${count}-${Date.now()}`,
      }),
    );
    sampling = false;
    await sampler;
    const { result } = outcome;
    // The first second ramps up (connections, first batches); the rest is the sustained rate.
    const steady = result.paidPerSecond.length > 2 ? result.paidPerSecond.slice(1) : result.paidPerSecond;
    const row: PipelineRow = {
      workers: count,
      paidPerSecond: round(median(steady), 1),
      meanPaidPerSecond: round(result.paidPerSecond.reduce((a, b) => a + b, 0) / Math.max(1, result.paidPerSecond.length), 1),
      acceptedPerSecond: round(result.acceptedPerSecond.reduce((a, b) => a + b, 0) / Math.max(1, result.acceptedPerSecond.length), 1),
      paid: result.paid,
      failed: result.failed,
      errors: result.errors,
      unfinished: result.unfinished,
      latencyMs: result.latencyMs,
      paidPerSecondSeries: result.paidPerSecond,
      queueDepth,
      maxQueueDepth: Math.max(0, ...queueDepth.map((sample) => sample.depth)),
      cpuCores,
      cpuMsPerOrder: cpuMsPer(cpuSeconds, result.paid),
    };
    rows.push(row);
    context.progress.step(
      `pipeline ${count} worker(s): ${row.paidPerSecond} paid/s sustained (mean ${row.meanPaidPerSecond}), queue ≤ ${row.maxQueueDepth}, p99 ${row.latencyMs.p99} ms`,
    );
    await waitForEmptyQueue(context, drainTimeoutSeconds);
  }
  await context.system.setWorkerCount(1);
  await context.database.reset();
  return { windowSeconds, inFlight, rows };
}
