import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { APPS, HTTP_PORT_VARIABLE, portLayout, workspaceRoot } from '@mini-commerce/system-harness';
import { acceptsConnections, eventually, isProcessRunning } from '@mini-commerce/testing';

const PORTS = portLayout(15_500);
const HTTP_PORTS = APPS.map((app) => Number(PORTS[HTTP_PORT_VARIABLE[app]]));

const { scripts } = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
/** package.json's start script after its build step (the apps are built before this suite). */
const LAUNCH_COMMAND = scripts['start'].split(' && ').at(-1) as string;

interface StartedShell {
  shell: ChildProcess;
  output: () => string;
}

/** The launch step of `npm start`, run as npm runs it: under `sh -c`, with the workspace's binaries on PATH. */
function npmStartUnderShell(sqliteDir: string): StartedShell {
  const PATH = [join(workspaceRoot, 'node_modules/.bin'), process.env['PATH']].join(delimiter);
  // The zero-infra default, as on a machine with only Node.
  const env: NodeJS.ProcessEnv = { ...process.env, PATH, ...PORTS, SQLITE_DIR: sqliteDir, QUIET: '1' };
  delete env['DATABASE_URL'];
  delete env['REDIS_URL'];
  const shell = spawn('sh', ['-c', LAUNCH_COMMAND], { cwd: workspaceRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  shell.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  shell.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { shell, output: () => output };
}

/**
 * `npm start` runs the launcher as npm runs every script: under `sh -c`, and Debian's sh
 * neither execs it nor passes signals on. Stopping npm by its pid (a process manager, an
 * IDE's stop button, `timeout`) ends npm and that shell only; the launcher must notice
 * and stop the four services, or they keep their ports and the next `npm start` fails.
 */
describe('npm start', () => {
  let first: StartedShell;
  let launcherPid: number | undefined;
  const sqliteDirs = [mkdtempSync(join(tmpdir(), 'mc-npm-start-')), mkdtempSync(join(tmpdir(), 'mc-npm-start-'))];

  beforeAll(async () => {
    first = npmStartUnderShell(sqliteDirs[0]);
    await eventually(() => first.output().includes('mini-commerce is running'), {
      timeoutMs: 90_000,
      what: 'npm start to be ready',
    });
    launcherPid = Number(
      execFileSync('pgrep', ['-P', String(first.shell.pid)])
        .toString()
        .trim(),
    );
  }, 120_000);

  afterAll(() => {
    // Only if a test failed: the launcher still runs, and stops what it started.
    if (isProcessRunning(launcherPid)) process.kill(launcherPid as number, 'SIGTERM');
    for (const dir of sqliteDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start a second system on ports in use, naming them, and leaves the first one running', async () => {
    const second = npmStartUnderShell(sqliteDirs[1]);
    const [code] = await once(second.shell, 'exit');

    expect(code).toBe(1);
    expect(second.output()).toContain(`${PORTS['BFF_HTTP_PORT']} (BFF_HTTP_PORT)`);
    expect(second.output()).toContain('is mini-commerce already running?');
    expect(second.output()).not.toContain('mini-commerce is running');
    expect(await Promise.all(HTTP_PORTS.map(acceptsConnections))).toEqual([true, true, true, true]);
  }, 60_000);

  it('stops all four services once the shell it runs under is killed, freeing their ports, with nobody reading its output', async () => {
    expect(await Promise.all(HTTP_PORTS.map(acceptsConnections))).toEqual([true, true, true, true]);

    // Nobody reads its output any more either (say `npm start | tee log`, stopped as a whole):
    // the launcher's own "stopping" line then fails to write, and must not cut its shutdown short.
    first.shell.stdout?.destroy();
    first.shell.stderr?.destroy();
    first.shell.kill('SIGTERM'); // what npm passes on to its script's shell when it is stopped

    await eventually(async () => (await Promise.all(HTTP_PORTS.map(acceptsConnections))).every((open) => !open), {
      timeoutMs: 20_000,
      what: `ports ${HTTP_PORTS.join(', ')} to close after the shell died`,
    });
    await eventually(() => !isProcessRunning(launcherPid), { timeoutMs: 5_000, what: 'the launcher to exit' });
  }, 40_000);
});
