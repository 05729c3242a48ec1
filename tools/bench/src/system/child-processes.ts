import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { resolve } from 'node:path';
import { workspaceRoot } from '@mini-commerce/system-harness';

/** Every helper process this run starts (load generators, the bare server, a private Redis), so all of them can be stopped. */
const children = new Set<ChildProcess>();

const TSCONFIG = resolve(workspaceRoot, 'tools/bench/tsconfig.lib.json');

/**
 * Starts one of this tool's TypeScript entry points as a Node child process with
 * an IPC channel, compiled on the fly like the tool itself. The child runs with
 * its own event loop and CPU, so the load generator never shares a core's time
 * slice with the bookkeeping of the main process.
 */
export function forkTypeScript(entry: string, options: ForkOptions = {}): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TS_NODE_PROJECT: TSCONFIG,
    TS_NODE_TRANSPILE_ONLY: 'true',
    ...options.env,
  };
  // A profiler or debugger meant for the services must not attach to the tool's helpers.
  delete env['NODE_OPTIONS'];
  const child = fork(entry, [], {
    ...options,
    cwd: workspaceRoot,
    env,
    execArgv: ['-r', require.resolve('ts-node/register/transpile-only'), '-r', require.resolve('tsconfig-paths/register')],
  });
  return trackChild(child);
}

/** Registers a process this run started, so `stopAllChildren` and `killAllChildrenNow` reach it. */
export function trackChild(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGTERM every helper still running, SIGKILL those that do not exit within `graceMs`. */
export async function stopAllChildren(graceMs = 2_000): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child, graceMs)));
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves once it has exited. */
export function stopChild(child: ChildProcess, graceMs = 2_000): Promise<void> {
  return new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** Last resort on process exit: nothing this run started may outlive it. */
export function killAllChildrenNow(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
