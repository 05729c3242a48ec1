import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import {
  acceptsConnections,
  eventually,
  isProcessRunning,
  TEST_MYSQL_SERVER_URL,
  TEST_REDIS_URL,
} from '@mini-commerce/testing';

/**
 * `npm run bench` runs the tool under `sh -c`, like every npm script, and that shell passes
 * no signal on: stopping npm by its pid ends npm and the shell. The tool must notice and
 * stop what it started — the four services, its database — instead of running on.
 */
const workspaceRoot = resolve(__dirname, '../../..');
// In the bench's port block, below the range bench-run.e2e.spec.ts uses (30500-30899).
const PORT_BASE = 30_100;

describe('bench, once the shell npm runs it under is killed', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'mc-bench-orphan-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('stops the services it started and drops its database', async () => {
    const args = [
      process.execPath,
      '-r',
      require.resolve('ts-node/register/transpile-only'),
      '-r',
      require.resolve('tsconfig-paths/register'),
      'tools/bench/src/main.ts',
      '--quick',
      '--only=pipeline',
      `--out=${outDir}`,
      `--port-base=${PORT_BASE}`,
      `--mysql=${TEST_MYSQL_SERVER_URL}`,
      `--redis=${TEST_REDIS_URL}`,
    ];
    const shell = spawn('sh', ['-c', args.map((arg) => `'${arg}'`).join(' ')], {
      cwd: workspaceRoot,
      env: { ...process.env, TS_NODE_PROJECT: join(workspaceRoot, 'tools/bench/tsconfig.lib.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
