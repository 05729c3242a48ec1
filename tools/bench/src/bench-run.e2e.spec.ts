import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { TEST_MYSQL_SERVER_URL } from '@mini-commerce/testing';
import { quickBenchCommand } from './bench-cli.test-helper';
import type { BenchResults } from './report/results';

/**
 * Runs the benchmark tool the way `npm run bench` does, with --quick (tiny
 * sizes) on ports of its own, and checks that it finishes and that its JSON
 * has every scenario and field. No timing is asserted: timings belong in the
 * benchmark, not in tests. Needs the built services, MariaDB and Redis.
 */
const TEST_PORT_BASE = 30_500;

function runBench(outDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const { args, options } = quickBenchCommand(TEST_PORT_BASE, outDir);
    const child = spawn(process.execPath, args, options);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => done({ code, output }));
  });
}

const LATENCY = ['p50', 'p99', 'max'];

function expectKeys(value: object, keys: string[], where: string): void {
  for (const key of keys) {
    if (!(key in value)) throw new Error(`${where} has no "${key}"`);
  }
}

function expectLatency(value: unknown, where: string): void {
  expect(value).toEqual(expect.any(Object));
  expectKeys(value as object, LATENCY, where);
}

describe('bench --quick', () => {
  let outDir: string;
  let results: BenchResults;
  let run: { code: number | null; output: string };

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'mc-bench-'));
    run = await runBench(outDir);
    if (run.code === 0) results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as BenchResults;
  }, 115_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('runs to the end, prints the table and writes results.json and latency.svg', () => {
    if (run.code !== 0) throw new Error(`bench exited with ${run.code}:\n${run.output.slice(-4_000)}`);
    expect(run.output).toContain('1. Order acceptance');
    expect(run.output).toContain("The tool's own CPU use");
    // Under the targets, so that the acceptance ratio is read against what the framework alone allows.
    expect(run.output).toMatch(/Nest's floor at c=50 \(.*\): \d+\.\d+ × bare, \d+\.\d+ ms of CPU per request against the bare server's \d+\.\d+/);
    expect(readFileSync(join(outDir, 'latency.svg'), 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(existsSync(join(outDir, 'report.txt'))).toBe(true);
  });

  it('reports the run, the targets and the tool’s own CPU use', () => {
    expectKeys(results, ['schemaVersion', 'meta', 'toolCpu', 'scenarios', 'targets', 'cpuSplit', 'dirtyPagesAtStart', 'profiles'], 'results');
    expectKeys(results.meta, ['startedAt', 'finishedAt', 'wallSeconds', 'quick', 'host', 'database', 'build', 'notes'], 'meta');
    expect(results.meta.quick).toBe(true);
    expect(results.meta.database).toMatch(/^mc_bench_[0-9a-f]{8}$/);
    expectKeys(results.toolCpu, ['wallSeconds', 'mainCpuSeconds', 'generatorCpuSeconds', 'cores', 'shareOfMachine', 'byScenario'], 'toolCpu');
    expect(Object.keys(results.cpuSplit).sort()).toEqual(['ceiling', 'e2e-latency', 'footprint', 'order-acceptance', 'pipeline', 'sse-fanout']);
    // In the order they ran: e2e latency before the scenarios that leave MariaDB writing back.
    expect(Object.keys(results.dirtyPagesAtStart)).toEqual(['footprint', 'e2e-latency', 'order-acceptance', 'ceiling', 'pipeline', 'sse-fanout']);
    for (const pages of Object.values(results.dirtyPagesAtStart)) expect(pages).toBeGreaterThanOrEqual(0);
    expect(Object.keys(results.toolCpu.byScenario)).toEqual(
      expect.arrayContaining(['setup', 'order-acceptance', 'ceiling', 'e2e-latency', 'pipeline', 'sse-fanout', 'footprint']),
    );
    expect(results.targets.map((target) => target.id)).toEqual([
      'acceptance-order-c50',
      'acceptance-bff-c50',
      'e2e-p99-200',
      'e2e-p50-200',
      'pipeline-2-workers',
      'sse-10k-p99',
      'idle-rss',
    ]);
    for (const target of results.targets) expectKeys(target, ['description', 'target', 'measured', 'unit', 'met'], target.id);
  });

  it('leaves no database behind: neither its own nor the ceiling\'s', async () => {
    const server = await createConnection(TEST_MYSQL_SERVER_URL);
    try {
      const [rows] = await server.query('SHOW DATABASES');
      const names = (rows as Array<Record<string, string>>).map((row) => Object.values(row)[0]);
      expect(names).not.toContain(results.meta.database);
      expect(names).not.toContain(results.scenarios.ceiling?.database);
    } finally {
      await server.end();
    }
  });

  it('has every scenario with every field', () => {
    const { orderAcceptance, ceiling, e2eLatency, pipeline, sseFanout, footprint } = results.scenarios;

    expect(orderAcceptance?.rows.map((row) => row.target)).toEqual(expect.arrayContaining(['order', 'client-bff']));
    for (const row of orderAcceptance?.rows ?? []) {
      expectKeys(row, ['concurrency', 'requestsPerSecond', 'latencyMs', 'firstRequestLatencyMs', 'errors', 'requests', 'ratioToBare', 'dbStatementsPerRequest', 'generatorCores', 'runs', 'cpuCores', 'cpuMsPerRequest'], 'acceptance row');
      expectLatency(row.latencyMs, 'acceptance latency');
      expectLatency(row.firstRequestLatencyMs, 'acceptance first-request latency');
      expectKeys(row.ratioToBare, ['requestsPerSecond', 'p50', 'p99'], 'ratioToBare');
    }

    // Apart from the system's database, whose BFF would otherwise read every row it writes.
    expect(ceiling?.database).toMatch(/^mc_bench_[0-9a-f]{8}$/);
    expect(ceiling?.database).not.toBe(results.meta.database);
    expect(ceiling?.bareHttp.length).toBeGreaterThan(0);
    for (const row of ceiling?.bareHttp ?? []) expectLatency(row.latencyMs, 'bare latency');
    expect(ceiling?.nestFloor.map((row) => row.concurrency)).toEqual(ceiling?.bareHttp.map((row) => row.concurrency));
    for (const row of ceiling?.nestFloor ?? []) {
      expectLatency(row.latencyMs, 'nest floor latency');
      expect(row.errors).toBe(0);
      expect(row.ratioToBare.requestsPerSecond).toBeGreaterThan(0);
      expect(row.cpuMsPerRequest['nest-floor']).toBeGreaterThan(0);
    }
    expect(ceiling?.mysqlDirect.length).toBeGreaterThan(0);
    for (const row of ceiling?.mysqlDirect ?? []) {
      expectKeys(row, ['concurrency', 'transactionsPerSecond', 'latencyMs', 'errors', 'poolSize', 'cpuMsPerTransaction'], 'mysql2 row');
      expectLatency(row.latencyMs, 'mysql2 latency');
    }

    expect(e2eLatency?.rows.length).toBeGreaterThan(0);
    for (const row of e2eLatency?.rows ?? []) {
      expectKeys(row, ['offeredRate', 'achievedRate', 'sent', 'accepted', 'completed', 'missing', 'errors', 'sendLagP99Ms', 'cpuCores', 'cpuMsPerOrder'], 'e2e row');
      expectLatency(row.latencyMs, 'e2e latency');
      expectLatency(row.acceptLatencyMs, 'e2e accept latency');
    }

    expect(pipeline?.rows.map((row) => row.workers)).toEqual(expect.arrayContaining([1, 2]));
    for (const row of pipeline?.rows ?? []) {
      expectKeys(row, ['paidPerSecond', 'meanPaidPerSecond', 'acceptedPerSecond', 'paid', 'failed', 'errors', 'unfinished', 'paidPerSecondSeries', 'queueDepth', 'maxQueueDepth', 'cpuCores', 'cpuMsPerOrder'], 'pipeline row');
      expectLatency(row.latencyMs, 'pipeline latency');
      // Counted from order.paid as the load generator heard it, on the payment channel.
      expect(row.paid).toBeGreaterThan(0);
      expect(row.queueDepth.length).toBeGreaterThan(0);
      expectKeys(row.queueDepth[0], ['tSeconds', 'depth'], 'queue depth sample');
    }

    expectKeys(sseFanout ?? {}, ['runs', 'openFileLimit', 'rows', 'bffKBPerConnectionSlope'], 'sseFanout');
    expect(sseFanout?.rows.length).toBeGreaterThan(0);
    for (const row of sseFanout?.rows ?? []) {
      expectKeys(row, ['clients', 'connected', 'failed', 'retries', 'connectSeconds', 'missing', 'dropped', 'bffRssBeforeMB', 'bffRssConnectedMB', 'bffKBPerConnection', 'bffCpuUsPerDelivery', 'clientProcesses', 'cpuCores'], 'sse row');
      expectLatency(row.deliveryMs, 'sse delivery');
    }

    expectKeys(footprint ?? {}, ['startToReadyMs', 'migrateMs', 'readyMs', 'rssReadAfterSeconds', 'services', 'load'], 'footprint');
    expect(footprint?.services.map((service) => service.name).sort()).toEqual(['client-bff', 'order', 'payment', 'queue-worker']);
    for (const service of footprint?.services ?? []) expectKeys(service, ['startRssMB', 'idleRssMB', 'loadRssMB', 'peakRssMB'], service.name);
  });
});
