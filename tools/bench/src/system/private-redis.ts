import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopChild, trackChild } from './child-processes';

/**
 * A Redis server of the run's own (`--redis=private`). The run's events go to
 * a channel of its own (EVENTS_CHANNEL) on any Redis; a private server also
 * keeps other systems' Redis traffic out of the run's CPU and latency figures
 * (and builds without EVENTS_CHANNEL, which share one server-wide channel,
 * apart). No persistence; stopped with the run.
 */
export class PrivateRedis {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(port: number): Promise<PrivateRedis> {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    trackChild(child);
    const failed = once(child, 'error').then(([error]) => Promise.reject(new Error(`cannot start redis-server: ${(error as Error).message}`)));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await Promise.race([answersPing(port), failed])) return new PrivateRedis(child, `redis://127.0.0.1:${port}`);
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode} (port ${port} in use?)`);
      await sleep(100);
    }
    child.kill('SIGKILL');
    throw new Error(`redis-server did not answer on port ${port}`);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}
