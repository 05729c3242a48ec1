import { median, medianLatency, round } from '../stats/percentiles';
import type { AcceptanceRow } from '../report/results';
import { cpuMsPer, ORDER_BODY, withCpuSplit, type BenchContext } from './context';

/**
 * One cell of the acceptance table: `runs` closed-loop runs of POST /orders
 * at `concurrency` against `url`, reported as the median of the runs. The
 * tables are emptied first, so every cell starts from the same state.
 */
export async function measureAcceptanceCell(
  context: BenchContext,
  target: AcceptanceRow['target'],
  url: string,
  concurrency: number,
): Promise<AcceptanceRow> {
  const { runs, durationSeconds } = context.sizes.acceptance;
  await context.database.reset();
  const runFigures: AcceptanceRow['runs'] = [];
  const firstRequestFigures: AcceptanceRow['firstRequestLatencyMs'][] = [];
  let requests = 0;
  let errors = 0;
  let generatorCpu = 0;
  let generatorWall = 0;
  const statementsBefore = await context.database.questions();
  const { cpuCores, cpuSeconds } = await withCpuSplit(context, async () => {
    for (let run = 1; run <= runs; run++) {
      context.progress.update(`${target} c=${concurrency} run ${run}/${runs}`);
      const outcome = await context.agent.run<'closed-loop'>({ kind: 'closed-loop', url, body: ORDER_BODY, connections: concurrency, durationSeconds });
      const { result } = outcome;
      runFigures.push({ requestsPerSecond: result.requestsPerSecond, latencyMs: result.latencyMs, errors: result.errors });
      firstRequestFigures.push(result.firstRequestLatencyMs);
      requests += result.requests;
      errors += result.errors;
      generatorCpu += outcome.cpuSeconds;
      generatorWall += outcome.wallSeconds;
    }
  });
  const statements = (await context.database.questions()) - statementsBefore;
  const row: AcceptanceRow = {
    target,
    concurrency,
    requestsPerSecond: round(median(runFigures.map((figure) => figure.requestsPerSecond)), 1),
    latencyMs: medianLatency(runFigures.map((figure) => figure.latencyMs)),
    firstRequestLatencyMs: medianLatency(firstRequestFigures),
    errors,
    requests,
    dbStatementsPerRequest: requests > 0 && Number.isFinite(statements) ? round(statements / requests, 2) : null,
    ratioToBare: { requestsPerSecond: null, p50: null, p99: null },
    generatorCores: generatorWall > 0 ? round(generatorCpu / generatorWall, 2) : 0,
    runs: runFigures,
    cpuCores,
    cpuMsPerRequest: cpuMsPer(cpuSeconds, requests),
  };
  context.progress.step(
    `${target.padEnd(10)} c=${String(concurrency).padEnd(3)} ${row.requestsPerSecond} req/s, p50 ${row.latencyMs.p50} ms, p99 ${row.latencyMs.p99} ms, errors ${errors}`,
  );
  return row;
}
