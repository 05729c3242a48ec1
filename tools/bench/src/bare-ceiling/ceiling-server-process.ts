import { once } from 'node:events';
import { resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { forkTypeScript, stopChild } from '../system/child-processes';

export interface BareServerSettings {
  port: number;
  databaseUrl: string;
  redisUrl: string;
}

/** A server that scenario 6 measures order against, as a process of its own like the service it stands in for. */
export class CeilingServerProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /** node:http + mysql2, no framework: the ceiling (bare-server.ts). Publishes on `bareChannel(port)`. */
  static bare(settings: BareServerSettings): Promise<CeilingServerProcess> {
    return CeilingServerProcess.start('bare-server.ts', settings.port, {
      BARE_PORT: String(settings.port),
      DATABASE_URL: settings.databaseUrl,
      REDIS_URL: settings.redisUrl,
      BARE_CHANNEL: bareChannel(settings.port),
    });
  }

  /** Nest, Fastify and the same validation, nothing stored: the framework's floor (nest-floor-server.ts). */
  static nestFloor(port: number): Promise<CeilingServerProcess> {
    return CeilingServerProcess.start('nest-floor-server.ts', port, { FLOOR_PORT: String(port) });
  }

  private static async start(script: string, port: number, env: NodeJS.ProcessEnv): Promise<CeilingServerProcess> {
    const child = forkTypeScript(resolve(__dirname, script), { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await Promise.race([
      once(child, 'message'),
      once(child, 'exit').then(([code]) => Promise.reject(new Error(`${script} exited with ${code}`))),
    ]);
    return new CeilingServerProcess(child, `http://127.0.0.1:${port}`);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

/** The bare server's Redis channel: one of its own, so its events wake no real worker or BFF, and runs side by side do not mix. */
export function bareChannel(port: number): string {
  return `mini-commerce.bench.bare.${port}`;
}
