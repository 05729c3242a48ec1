import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { acceptsConnections, eventually, isProcessRunning, TEST_MYSQL_SERVER_URL } from '@mini-commerce/testing';
import { quickBenchCommand } from './bench-cli.test-helper';

/**
 * `npm run bench` runs the tool under `sh -c`, like every npm script, and that shell passes
 * no signal on: stopping npm by its pid ends npm and the shell. The tool must notice and
 * stop what it started — the four services, its database — instead of running on.
 */
// In the bench's port block, below the range bench-run.e2e.spec.ts uses (30500-30899).
const PORT_BASE = 30_100;

describe('bench, once the shell npm runs it under is killed', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'mc-bench-orphan-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('stops the services it started and drops its database', async () => {
    const { args, options } = quickBenchCommand(PORT_BASE, outDir, '--only=pipeline');
    const command = [process.execPath, ...args].map((arg) => `'${arg}'`).join(' ');
    const shell = spawn('sh', ['-c', command], options);
    let output = '';
    shell.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    shell.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const database = await eventually(
      () => /all four services ready/.test(output) && /MariaDB (mc_bench_[0-9a-f]{8})/.exec(output)?.[1],
      {
        timeoutMs: 60_000,
        what: 'the benchmark to start the system',
      },
    );
    const benchPid = Number(
      execFileSync('pgrep', ['-P', String(shell.pid)])
        .toString()
        .trim(),
    );
    expect(await acceptsConnections(PORT_BASE)).toBe(true);

    shell.kill('SIGTERM'); // what npm passes on to its script's shell when it is stopped

    await eventually(() => !isProcessRunning(benchPid), {
      timeoutMs: 30_000,
      what: `the benchmark (pid ${benchPid}) to exit`,
    });
    expect(output).toContain('SIGHUP: stopping everything this run started');
    expect(await acceptsConnections(PORT_BASE)).toBe(false);
    const server = await createConnection(TEST_MYSQL_SERVER_URL);
    try {
      const [rows] = await server.query('SHOW DATABASES LIKE ?', [database]);
      expect(rows).toEqual([]);
    } finally {
      await server.end();
    }
  }, 120_000);
});
