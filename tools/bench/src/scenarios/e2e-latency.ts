import { setTimeout as sleep } from 'node:timers/promises';
import { OrderEventType } from '@mini-commerce/contracts';
import type { E2eLatencyResult, E2eRow } from '../report/results';
import { median, medianLatency, round } from '../stats/percentiles';
import { cpuMsPer, ORDER_BODY, withCpuSplit, type BenchContext } from './context';

const WORKERS = 1;

/**
 * Scenario 2: orders POSTed to the BFF at fixed arrival rates (open loop);
 * latency is from the moment each POST was due to its order.paid event
 * arriving on an SSE connection to the BFF. One worker, the default deployment.
 */
export async function runE2eLatency(context: BenchContext): Promise<E2eLatencyResult> {
  const { rates, runs, durationSeconds, settleTimeoutSeconds } = context.sizes.e2e;
  await context.system.setWorkerCount(WORKERS);
  const rows: E2eRow[] = [];
  for (const rate of rates) {
    await context.database.reset();
    const figures: E2eRow['runs'] = [];
    const totals = { sent: 0, accepted: 0, completed: 0, missing: 0, errors: 0 };
    const achieved: number[] = [];
    const accepts: E2eRow['acceptLatencyMs'][] = [];
    const lags: number[] = [];
    const { cpuCores, cpuSeconds } = await withCpuSplit(context, async () => {
      for (let run = 1; run <= runs; run++) {
        context.progress.update(`e2e ${rate}/s run ${run}/${runs}`);
        const { result } = await context.agent.run<'open-loop-orders'>({
          kind: 'open-loop-orders',
          postUrl: `${context.system.bffUrl}/api/orders`,
          sseUrl: `${context.system.bffUrl}/api/events`,
          lastEventId: await context.database.maxEventId(),
          body: ORDER_BODY,
          rate,
          durationSeconds,
          settleTimeoutSeconds,
          finalEventTypes: [OrderEventType.Paid, OrderEventType.Failed],
          correlationPrefix: `e2e-${rate}-${run}-${Date.now()}`,
        });
        figures.push({ latencyMs: result.latencyMs, completed: result.completed, missing: result.missing });
        totals.sent += result.sent;
        totals.accepted += result.accepted;
        totals.completed += result.completed;
        totals.missing += result.missing;
        totals.errors += result.errors;
        achieved.push(result.achievedRate);
        accepts.push(result.acceptLatencyMs);
        lags.push(result.sendLagP99Ms);
        await waitForEmptyQueue(context, settleTimeoutSeconds);
      }
    });
    const row: E2eRow = {
      offeredRate: rate,
      achievedRate: round(median(achieved), 1),
      ...totals,
      latencyMs: medianLatency(figures.map((figure) => figure.latencyMs)),
      acceptLatencyMs: medianLatency(accepts),
      sendLagP99Ms: round(median(lags)),
      runs: figures,
      cpuCores,
      cpuMsPerOrder: cpuMsPer(cpuSeconds, totals.completed),
    };
    rows.push(row);
    context.progress.step(
      `e2e ${String(rate).padStart(4)}/s: p50 ${row.latencyMs.p50} ms, p99 ${row.latencyMs.p99} ms, max ${row.latencyMs.max} ms (${row.completed}/${row.accepted} paid, ${row.errors} errors)`,
    );
  }
  await context.database.reset();
  return { runs, durationSeconds, workers: WORKERS, rows };
}

/** Lets the previous run's stragglers finish so runs do not overlap. */
export async function waitForEmptyQueue(context: BenchContext, timeoutSeconds: number): Promise<void> {
  const deadline = performance.now() + timeoutSeconds * 1000;
  while (performance.now() < deadline && (await context.database.counts()).queueDepth > 0) await sleep(100);
}
