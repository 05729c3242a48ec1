import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChaosReport } from './report/report';

/**
 * The CI version of the fault-injection suite: `npm run chaos -- --short`
 * exactly as a person runs it (a child process against the real system on
 * ports 27000+, MariaDB and Redis), then its exit code and report.json.
 * Needs the built services; the test target builds them first.
 */
const workspaceRoot = resolve(__dirname, '../../..');
const FAULTS = ['worker SIGKILL', 'payment stopped', 'Redis restarted', 'MariaDB restarted', 'BFF restarted'];

let child: ChildProcess | undefined;

function runChaosShort(outDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    child = spawn(
      process.execPath,
      [
        require.resolve('ts-node/dist/bin'),
        '--transpile-only',
        '-r',
        'tsconfig-paths/register',
        '-P',
        'tools/chaos/tsconfig.lib.json',
        'tools/chaos/src/main.ts',
        '--short',
        `--out=${outDir}`,
      ],
      { cwd: workspaceRoot, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => done({ code, output }));
  });
}

/** If the run outlived the hook's timeout: SIGINT lets it stop its services and drop its database. */
async function stopChild(): Promise<void> {
  const running = child;
  if (!running || running.exitCode !== null || running.signalCode !== null) return;
  const exited = once(running, 'exit');
  running.kill('SIGINT');
  const killer = setTimeout(() => running.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(killer);
}

describe('npm run chaos -- --short', () => {
  let outDir: string;
  let run: { code: number | null; output: string };
  let report: ChaosReport | undefined;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'mc-chaos-'));
    run = await runChaosShort(outDir);
    const file = join(outDir, 'report.json');
    if (existsSync(file)) report = JSON.parse(readFileSync(file, 'utf8')) as ChaosReport;
  }, 360_000);

  afterAll(async () => {
    await stopChild();
    // A failed run's report.json and service logs are the evidence: keep them.
    if (run?.code === 0) rmSync(outDir, { recursive: true, force: true });
    else process.stdout.write(`chaos report and service logs kept in ${outDir}\n`);
  }, 90_000);

  it('exits 0: every invariant held through every fault', () => {
    if (run.code !== 0) throw new Error(`chaos --short exited with ${run.code}:\n${run.output.slice(-6_000)}`);
    expect(report?.verdict).toBe('pass');
    expect(run.output).toContain('Verdict: PASS');
  });

  it('has a row per fault, each injected and recovered, with no order lost, charged twice or stuck', () => {
    expect(report?.rows.map((row) => row.fault)).toEqual(expect.arrayContaining(FAULTS));
    for (const fault of FAULTS) {
      const row = report?.rows.find((candidate) => candidate.fault === fault);
      expect({ fault, injections: row?.injections, recovered: row?.recovered }).toEqual({
        fault,
        injections: expect.any(Number),
        recovered: true,
      });
      expect(row?.injections).toBeGreaterThan(0);
      expect(row?.orders).toBeGreaterThan(0);
      expect({ fault, lost: row?.lost, doubleCharged: row?.doubleCharged, stuck: row?.stuck }).toEqual({
        fault,
        lost: 0,
        doubleCharged: 0,
        stuck: 0,
      });
    }
    expect(report?.total).toMatchObject({ lost: 0, doubleCharged: 0, stuck: 0, other: 0, sseMissed: 0 });
    expect(report?.violationCount).toBe(0);
  });

  it('saw the orders through: every accepted order decided, payments matching paid orders', () => {
    const totals = report?.totals;
    expect(totals?.accepted).toBeGreaterThan(0);
    expect((totals?.paid ?? 0) + (totals?.failed ?? 0)).toBe(totals?.accepted);
    expect(totals?.approvedPayments).toBe(totals?.paid);
    expect(totals?.failed).toBeGreaterThan(0); // the orders under Rp 10.000
    expect(report?.quiescence.quiet).toBe(true);
  });
});
