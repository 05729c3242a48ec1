import { CEILING_PROCESS, type AcceptanceRow, type BenchResults, type CeilingTarget } from './results';

type Cell = string | number | null | undefined;

/** A plain-text table with right-aligned numbers. */
export function formatTable(headers: string[], rows: Cell[][]): string {
  const text = rows.map((row) => row.map((cell) => (cell === null || cell === undefined || Number.isNaN(cell) ? '–' : String(cell))));
  const widths = headers.map((header, column) => Math.max(header.length, ...text.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(headers), widths.map((width) => '─'.repeat(width)).join('  '), ...text.map(line)].join('\n');
}

/** Sum of the entries whose process name starts with one of `prefixes` (replicas are `name#n`). */
export function sumOf(values: Record<string, number> | undefined, prefixes: readonly string[]): number | null {
  if (!values) return null;
  const matching = Object.entries(values).filter(([name]) => prefixes.some((prefix) => name === prefix || name.startsWith(`${prefix}#`)));
  return matching.length ? matching.reduce((sum, [, value]) => sum + value, 0) : null;
}

const SERVICES = ['order', 'client-bff', 'queue-worker', 'payment'];

const fixed = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined || !Number.isFinite(value) ? null : value.toFixed(digits);

/** The report printed at the end of a run: one table per scenario, the targets and the tool's own CPU use. */
export function formatReport(results: BenchResults): string {
  const { orderAcceptance, ceiling, e2eLatency, pipeline, sseFanout, footprint } = results.scenarios;
  const out: string[] = [];
  const section = (title: string, body: string) => out.push(`\n${title}\n${body}`);
  const meta = results.meta;
  out.push(
    `mini-commerce benchmark — ${meta.startedAt} — ${meta.host.cpus} × ${meta.host.cpuModel}, node ${meta.host.node}` +
      `${meta.quick ? ' — QUICK (tiny sizes, figures not meaningful)' : ''}`,
    `commit ${meta.build.gitCommit ?? '?'}${meta.build.uncommittedSourceFiles ? ` + ${meta.build.uncommittedSourceFiles} uncommitted file(s) under apps/ and libs/` : ''}; ` +
      `MariaDB ${meta.database}, Redis ${meta.redisUrl}, LOG_LEVEL=${meta.logLevel}; load average at start ${meta.host.loadAverageAtStart.join(' ')}`,
  );

  if (orderAcceptance) {
    section(
      `1. Order acceptance — POST /orders, closed loop, median of ${orderAcceptance.runs} × ${orderAcceptance.durationSeconds} s; workers stopped`,
      formatTable(
        ['target', 'c', 'req/s', 'p50 ms', 'p99 ms', 'max ms', '1st req max', 'errors', '×bare req/s', '×bare p50', 'SQL/req', 'svc CPU ms/req', 'db CPU ms/req', 'gen cores'],
        orderAcceptance.rows.map((row) => [
          row.target === 'order' ? 'order (direct)' : 'via client-bff',
          row.concurrency,
          fixed(row.requestsPerSecond, 0),
          fixed(row.latencyMs.p50, 2),
          fixed(row.latencyMs.p99, 2),
          fixed(row.latencyMs.max, 1),
          fixed(row.firstRequestLatencyMs.max, 1),
          row.errors,
          fixed(row.ratioToBare.requestsPerSecond, 2),
          fixed(row.ratioToBare.p50, 2),
          fixed(row.dbStatementsPerRequest, 1),
          fixed(sumOf(row.cpuMsPerRequest, row.target === 'order' ? ['order'] : ['client-bff', 'order']), 2),
          fixed(sumOf(row.cpuMsPerRequest, ['mariadb']), 2),
          fixed(row.generatorCores, 2),
        ]),
      ),
    );
  }
  if (ceiling) {
    const serverRow = (label: string, target: CeilingTarget) => (row: AcceptanceRow) => [
      label,
      row.concurrency,
      fixed(row.requestsPerSecond, 0),
      fixed(row.ratioToBare.requestsPerSecond, 2),
      fixed(row.latencyMs.p50, 2),
      fixed(row.latencyMs.p99, 2),
      fixed(row.latencyMs.max, 1),
      fixed(row.firstRequestLatencyMs.max, 1),
      row.errors,
      fixed(sumOf(row.cpuMsPerRequest, [CEILING_PROCESS[target]]), 3),
      fixed(sumOf(row.cpuMsPerRequest, ['mariadb']), 2),
    ];
    section(
      `6. The limit — bare node:http + mysql2 (the same grouped transaction, no framework); Nest's floor (order's validation on Fastify, nothing stored); one transaction at a time straight on mysql2; on a database of their own (${ceiling.database})`,
      formatTable(
        ['ceiling', 'c', 'per s', '×bare', 'p50 ms', 'p99 ms', 'max ms', '1st req max', 'errors', 'svc CPU ms/req', 'db CPU ms/req'],
        [
          ...ceiling.bareHttp.map(serverRow('bare http', 'bare')),
          ...ceiling.nestFloor.map(serverRow('nest floor (no DB)', 'nest-floor')),
          ...ceiling.mysqlDirect.map((row) => [
            `mysql2 only (pool ${row.poolSize})`,
            row.concurrency,
            fixed(row.transactionsPerSecond, 0),
            null,
            fixed(row.latencyMs.p50, 2),
            fixed(row.latencyMs.p99, 2),
            fixed(row.latencyMs.max, 1),
            null,
            row.errors,
            null,
            fixed(sumOf(row.cpuMsPerTransaction, ['mariadb']), 2),
          ]),
        ],
      ),
    );
  }
  if (e2eLatency) {
    section(
      `2. End-to-end latency — POST /api/orders on the BFF (open loop) → order.paid on an SSE connection; ${e2eLatency.workers} worker; median of ${e2eLatency.runs} × ${e2eLatency.durationSeconds} s`,
      formatTable(
        ['offered/s', 'achieved/s', 'p50 ms', 'p99 ms', 'max ms', 'accept p50', 'accept p99', 'paid', 'missing', 'errors', 'svc CPU ms/order', 'db CPU ms/order'],
        e2eLatency.rows.map((row) => [
          row.offeredRate,
          fixed(row.achievedRate, 0),
          fixed(row.latencyMs.p50, 1),
          fixed(row.latencyMs.p99, 1),
          fixed(row.latencyMs.max, 1),
          fixed(row.acceptLatencyMs.p50, 1),
          fixed(row.acceptLatencyMs.p99, 1),
          `${row.completed}/${row.accepted}`,
          row.missing,
          row.errors,
          fixed(sumOf(row.cpuMsPerOrder, SERVICES), 2),
          fixed(sumOf(row.cpuMsPerOrder, ['mariadb']), 2),
        ]),
      ),
    );
  }
  if (pipeline) {
    section(
      `3. Pipeline throughput — closed loop of ${pipeline.inFlight} orders in flight (POST on order → order.paid), ${pipeline.windowSeconds} s per run`,
      formatTable(
        ['workers', 'paid/s', 'mean paid/s', 'accepted/s', 'queue max', 'p50 ms', 'p99 ms', 'failed', 'errors', 'svc CPU ms/order', 'db CPU ms/order', 'queue depth (every 0.5 s)'],
        pipeline.rows.map((row) => [
          row.workers,
          fixed(row.paidPerSecond, 0),
          fixed(row.meanPaidPerSecond, 0),
          fixed(row.acceptedPerSecond, 0),
          row.maxQueueDepth,
          fixed(row.latencyMs.p50, 1),
          fixed(row.latencyMs.p99, 1),
          row.failed,
          row.errors,
          fixed(sumOf(row.cpuMsPerOrder, SERVICES), 2),
          fixed(sumOf(row.cpuMsPerOrder, ['mariadb']), 2),
          row.queueDepth.map((sample) => sample.depth).join(' '),
        ]),
      ),
    );
  }
  if (sseFanout) {
    section(
      `4. SSE fan-out — N clients on /api/events, one order: time from POST to each client's order.created (median of ${sseFanout.runs}); ` +
        `BFF memory ${fixed(sseFanout.bffKBPerConnectionSlope, 1) ?? '–'} KB per connection (slope between the rows)`,
      formatTable(
        ['clients', 'connected', 'retries', 'connect s', 'p50 ms', 'p99 ms', 'max ms', 'missing', 'dropped', 'BFF RSS before', 'BFF RSS after', 'KB/conn', 'BFF CPU µs/delivery'],
        sseFanout.rows.map((row) => [
          row.clients,
          row.connected,
          row.retries,
          fixed(row.connectSeconds, 1),
          fixed(row.deliveryMs.p50, 1),
          fixed(row.deliveryMs.p99, 1),
          fixed(row.deliveryMs.max, 1),
          row.missing,
          row.dropped,
          fixed(row.bffRssBeforeMB, 1),
          fixed(row.bffRssConnectedMB, 1),
          fixed(row.bffKBPerConnection, 1),
          fixed(row.bffCpuUsPerDelivery, 1),
        ]),
      ),
    );
  }
  if (footprint) {
    section(
      `5. Footprint — start-to-ready ${footprint.startToReadyMs} ms (migrations ${footprint.migrateMs} ms; ${Object.entries(footprint.readyMs).map(([name, ms]) => `${name} ${ms} ms`).join(', ')})`,
      formatTable(
        [
          'service',
          `RSS ${footprint.rssReadAfterSeconds.start} s after ready MB`,
          `RSS idle (${footprint.rssReadAfterSeconds.idle} s) MB`,
          'RSS under load MB',
          'peak in run MB',
        ],
        footprint.services.map((service) => [
          service.name,
          fixed(service.startRssMB),
          fixed(service.idleRssMB),
          fixed(service.loadRssMB),
          fixed(service.peakRssMB),
        ]),
      ),
    );
  }
  section(
    'Targets (reported, not asserted)',
    formatTable(
      ['target', 'wanted', 'measured', 'met'],
      results.targets.map((target) => [
        target.description,
        target.target,
        target.measured === null ? null : `${target.measured} ${target.unit}`,
        target.met === null ? 'n/a' : target.met ? 'yes' : 'NO',
      ]),
    ) + floorLine(ceiling),
  );
  const cpu = results.toolCpu;
  section(
    `The tool's own CPU use — ${cpu.cores} cores on average (${Math.round(cpu.shareOfMachine * 100)} % of the machine) over ${cpu.wallSeconds} s`,
    formatTable(
      ['phase', 'wall s', 'main cpu s', 'generator cpu s', 'cores', '% of machine'],
      Object.entries(cpu.byScenario).map(([phase, figure]) => [
        phase,
        fixed(figure?.wallSeconds),
        fixed(figure?.mainCpuSeconds),
        fixed(figure?.generatorCpuSeconds),
        fixed(figure?.cores, 2),
        fixed((figure?.shareOfMachine ?? 0) * 100, 0),
      ]),
    ),
  );
  if (meta.notes.length) out.push(`\nNotes:\n${meta.notes.map((note) => `  - ${note}`).join('\n')}`);
  return `${out.join('\n')}\n`;
}

/** Under the targets: how much of the bare ceiling Nest alone leaves, which bounds the acceptance rows. */
function floorLine(ceiling: BenchResults['scenarios']['ceiling']): string {
  const floor = ceiling?.nestFloor.find((row) => row.concurrency === 50);
  const bare = ceiling?.bareHttp.find((row) => row.concurrency === 50);
  if (!floor?.ratioToBare.requestsPerSecond || !bare) return '';
  const cpu = (row: AcceptanceRow, target: CeilingTarget) => fixed(sumOf(row.cpuMsPerRequest, [CEILING_PROCESS[target]]), 3);
  return (
    `\nNest's floor at c=50 (order's validation on Fastify, nothing stored): ${fixed(floor.ratioToBare.requestsPerSecond, 2)} × bare, ` +
    `${cpu(floor, 'nest-floor')} ms of CPU per request against the bare server's ${cpu(bare, 'bare')} (table 6)`
  );
}
