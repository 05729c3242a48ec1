import { once } from 'node:events';
import { resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { forkTypeScript } from '../system/child-processes';

export interface BareServerSettings {
  port: number;
  databaseUrl: string;
  redisUrl: string;
}

/** The bare ceiling server as a process of its own, like the service it stands in for. */
export class BareServerProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    /** The Redis channel it publishes on: one of its own, so runs side by side do not mix. */
    readonly channel: string,
  ) {}

  static async start(settings: BareServerSettings): Promise<BareServerProcess> {
    const channel = `mini-commerce.bench.bare.${settings.port}`;
    const child = forkTypeScript(resolve(__dirname, 'bare-server.ts'), {
      env: {
        BARE_PORT: String(settings.port),
        DATABASE_URL: settings.databaseUrl,
        REDIS_URL: settings.redisUrl,
        BARE_CHANNEL: channel,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await Promise.race([
      once(child, 'message'),
      once(child, 'exit').then(([code]) => Promise.reject(new Error(`the bare server exited with ${code}`))),
    ]);
    return new BareServerProcess(child, `http://127.0.0.1:${settings.port}`, channel);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }
}
