import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portLayout, workspaceRoot } from '@mini-commerce/system-harness';
import { eventually } from '@mini-commerce/testing';

const PORTS = portLayout(15_500);
const HTTP_PORTS = ['BFF_HTTP_PORT', 'ORDER_HTTP_PORT', 'PAYMENT_HTTP_PORT', 'WORKER_HTTP_PORT'].map((name) =>
  Number(PORTS[name]),
);

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * `npm start` runs the launcher as npm runs every script: under `sh -c`, and Debian's sh
 * neither execs it nor passes signals on. Stopping npm by its pid (a process manager, an
 * IDE's stop button, `timeout`) ends npm and that shell only; the launcher must notice
 * and stop the four services, or they keep their ports and the next `npm start` fails.
 */
describe('npm start, once whatever started it is stopped', () => {
  let shell: ChildProcess;
  let launcherPid: number | undefined;
  let output = '';
  const sqliteDir = mkdtempSync(join(tmpdir(), 'mc-npm-start-'));

  beforeAll(async () => {
    // The zero-infra default, as on a machine with only Node.
    const env: NodeJS.ProcessEnv = { ...process.env, ...PORTS, SQLITE_DIR: sqliteDir, QUIET: '1' };
    delete env['DATABASE_URL'];
    delete env['REDIS_URL'];
    // package.json's start script without its build step: the apps are built before this suite.
    shell = spawn(
      'sh',
      [
        '-c',
        'node_modules/.bin/ts-node --transpile-only -P tools/system-harness/tsconfig.lib.json tools/system-harness/src/start.ts',
      ],
      {
        cwd: workspaceRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    shell.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    shell.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => output.includes('mini-commerce is running'), {
      timeoutMs: 90_000,
      what: 'npm start to be ready',
    });
    launcherPid = Number(
      execFileSync('pgrep', ['-P', String(shell.pid)])
        .toString()
        .trim(),
    );
  }, 120_000);

  afterAll(() => {
    // Only if the test failed: the launcher still runs, and stops what it started.
    if (launcherPid) {
      try {
        process.kill(launcherPid, 'SIGTERM');
      } catch {
        // Already gone, as it should be.
      }
    }
    rmSync(sqliteDir, { recursive: true, force: true });
  });

  it('stops all four services when its shell is killed, freeing their ports', async () => {
    expect(await Promise.all(HTTP_PORTS.map(accepts))).toEqual([true, true, true, true]);

    shell.kill('SIGTERM'); // what npm passes on to its script's shell when it is stopped

    await eventually(async () => (await Promise.all(HTTP_PORTS.map(accepts))).every((open) => !open), {
      timeoutMs: 20_000,
      what: `ports ${HTTP_PORTS.join(', ')} to close after the shell died`,
    });
    await eventually(() => !isRunning(launcherPid), { timeoutMs: 5_000, what: 'the launcher to exit' });
    launcherPid = undefined;
  }, 40_000);
});

function isRunning(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
