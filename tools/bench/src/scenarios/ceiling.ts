import { CeilingServerProcess } from '../bare-ceiling/ceiling-server-process';
import {
  CEILING_PROCESS,
  type AcceptanceRow,
  type CeilingResult,
  type CeilingTarget,
  type MysqlDirectRow,
  type OrderAcceptanceResult,
} from '../report/results';
import { median, medianLatency, ratio, round } from '../stats/percentiles';
import { BenchDatabase } from '../system/bench-database';
import { TOOL_PORT_OFFSETS } from '../system/port-check';
import { measureAcceptanceCell } from './closed-loop-cell';
import { cpuMsPer, withCpuSplit, type BenchContext } from './context';

/**
 * Scenario 6, the limit: a bare node:http + mysql2 server doing the same
 * acceptance transaction (the ceiling for scenario 1); Nest with order's
 * validation and nothing stored (the framework's floor: what no Nest service can
 * beat, whatever its own work); and the transaction straight on mysql2 without
 * HTTP (the database's own ceiling). The first and the last write to a
 * database of their own: in the system's, the BFF's history catch-up would read
 * every row they write through order (their events reach no live subscriber),
 * and the ceiling would be measured against that work.
 */
export async function runCeiling(context: BenchContext): Promise<CeilingResult> {
  await context.system.setWorkerCount(0);
  const database = await BenchDatabase.create(context.options.mysqlServerUrl);
  try {
    await database.migrate(context.system.env);
    return await measureCeiling({ ...context, database });
  } finally {
    await database.drop();
  }
}

async function measureCeiling(context: BenchContext): Promise<CeilingResult> {
  const { runs, durationSeconds } = context.sizes.acceptance;
  const { portBase } = context.options;
  const bareHttp = await measureServer(context, 'bare', () =>
    CeilingServerProcess.bare({
      port: portBase + TOOL_PORT_OFFSETS.bareServer,
      databaseUrl: context.database.url,
      redisUrl: context.redisUrl,
    }),
  );
  const nestFloor = await measureServer(context, 'nest-floor', () =>
    CeilingServerProcess.nestFloor(portBase + TOOL_PORT_OFFSETS.nestFloor),
  );

  const direct = context.sizes.mysqlDirect;
  const mysqlDirect: MysqlDirectRow[] = [];
  for (const concurrency of direct.concurrencies) {
    await context.database.reset();
    const figures: MysqlDirectRow['runs'] = [];
    let errors = 0;
    let transactions = 0;
    const { cpuCores, cpuSeconds } = await withCpuSplit(context, async () => {
      for (let run = 1; run <= direct.runs; run++) {
        context.progress.update(`mysql2 direct c=${concurrency} run ${run}/${direct.runs}`);
        const { result } = await context.agent.run<'mysql-direct'>({
          kind: 'mysql-direct',
          databaseUrl: context.database.url,
          concurrency,
          poolSize: direct.poolSize,
          durationSeconds: direct.durationSeconds,
        });
        figures.push({ transactionsPerSecond: result.transactionsPerSecond, latencyMs: result.latencyMs });
        errors += result.errors;
        transactions += result.transactions;
      }
    });
    const row: MysqlDirectRow = {
      concurrency,
      transactionsPerSecond: round(median(figures.map((figure) => figure.transactionsPerSecond)), 1),
      latencyMs: medianLatency(figures.map((figure) => figure.latencyMs)),
      errors,
      poolSize: direct.poolSize,
      runs: figures,
      cpuCores,
      cpuMsPerTransaction: cpuMsPer(cpuSeconds, transactions),
    };
    mysqlDirect.push(row);
    context.progress.step(`mysql2 direct c=${String(concurrency).padEnd(3)} ${row.transactionsPerSecond} tx/s, p50 ${row.latencyMs.p50} ms, p99 ${row.latencyMs.p99} ms`);
  }
  return { database: context.database.name, runs, durationSeconds, bareHttp, nestFloor, mysqlDirect };
}

/** Scenario 1's cells against one of the ceiling's servers, started here and stopped after. */
async function measureServer(
  context: BenchContext,
  target: CeilingTarget,
  start: () => Promise<CeilingServerProcess>,
): Promise<AcceptanceRow[]> {
  const server = await start();
  const processRef = { name: CEILING_PROCESS[target], pid: server.pid };
  context.extraProcesses.push(processRef);
  const rows: AcceptanceRow[] = [];
  try {
    for (const concurrency of context.sizes.acceptance.concurrencies) {
      rows.push(await measureAcceptanceCell(context, target, `${server.url}/orders`, concurrency));
    }
  } finally {
    await server.stop();
    context.extraProcesses.splice(context.extraProcesses.indexOf(processRef), 1);
  }
  return rows;
}

/** Fills each row's ratio to the bare server at the same concurrency: scenario 1's and the floor's. */
export function addRatiosToBare(ceiling: CeilingResult, acceptance: OrderAcceptanceResult | null): void {
  for (const row of [...(acceptance?.rows ?? []), ...ceiling.bareHttp, ...ceiling.nestFloor]) {
    const bare = ceiling.bareHttp.find((candidate) => candidate.concurrency === row.concurrency);
    if (!bare) continue;
    row.ratioToBare = {
      requestsPerSecond: ratio(row.requestsPerSecond, bare.requestsPerSecond),
      p50: ratio(row.latencyMs.p50, bare.latencyMs.p50),
      p99: ratio(row.latencyMs.p99, bare.latencyMs.p99),
    };
  }
}
