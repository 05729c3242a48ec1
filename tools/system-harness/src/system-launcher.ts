import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { APPS, builtEntry, HTTP_PORT_VARIABLE, MIGRATING_APPS, type AppName } from './service-catalog';

export interface RunningService {
  app: AppName;
  /** Distinguishes replicas, e.g. `queue-worker#2`. */
  name: string;
  httpPort: number;
  child: ChildProcess;
  /** Every line the process printed (JSON logs), for assertions and post-mortems. */
  output: string[];
}

export interface LauncherOptions {
  /** Environment shared by every service; per-service overrides go to `start`. */
  env: NodeJS.ProcessEnv;
  /** Echo service output to this process's stdout (npm start) or only capture it (tests). */
  echo: boolean;
  startTimeoutMs?: number;
  /**
   * Give each service its own process group, so a terminal's Ctrl-C reaches only
   * the launcher, which then stops the services gracefully and in order.
   */
  detached?: boolean;
}

/** Runs the built services as real processes on real ports. */
export class SystemLauncher {
  private readonly running = new Set<RunningService>();

  constructor(private readonly options: LauncherOptions) {}

  get services(): RunningService[] {
    return [...this.running];
  }

  /** Applies every schema's migrations, as a one-off step before the services start. */
  async migrate(): Promise<void> {
    for (const app of MIGRATING_APPS) {
      const child = spawn(process.execPath, [builtEntry(app, 'migrate')], {
        env: this.options.env,
        stdio: ['ignore', this.options.echo ? 'inherit' : 'pipe', 'inherit'],
      });
      const [code] = (await once(child, 'exit')) as [number | null];
      if (code !== 0) throw new Error(`${app} migrations failed with exit code ${code}`);
    }
  }

  /** Starts all four apps and waits until each answers /health/ready. */
  async startAll(): Promise<RunningService[]> {
    const started: RunningService[] = [];
    for (const app of APPS) started.push(await this.start(app));
    return started;
  }

  async start(app: AppName, overrides: NodeJS.ProcessEnv = {}, name: string = app): Promise<RunningService> {
    const env = { ...this.options.env, ...overrides };
    const httpPort = Number(env[HTTP_PORT_VARIABLE[app]]);
    const child = spawn(process.execPath, [builtEntry(app)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: this.options.detached ?? false,
    });
    const service: RunningService = { app, name, httpPort, child, output: [] };
    this.capture(service);
    this.running.add(service);
    child.once('exit', () => this.running.delete(service));
    await this.waitUntilReady(service);
    return service;
  }

  /** SIGTERM (graceful) or SIGKILL (crash); resolves with the exit code once the process is gone. */
  async stop(service: RunningService, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (service.child.exitCode !== null || service.child.signalCode !== null) return service.child.exitCode;
    const exited = once(service.child, 'exit') as Promise<[number | null]>;
    service.child.kill(signal);
    const [code] = await exited;
    return code;
  }

  async stopAll(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    // Reverse start order: the BFF stops taking requests before the services behind it.
    await Promise.all([...this.running].reverse().map((service) => this.stop(service, signal)));
  }

  private capture(service: RunningService): void {
    for (const stream of [service.child.stdout, service.child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        service.output.push(...lines);
        if (this.options.echo) for (const line of lines) process.stdout.write(`${line}\n`);
      });
    }
  }

  private async waitUntilReady(service: RunningService): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 30_000);
    const url = `http://127.0.0.1:${service.httpPort}/health/ready`;
    while (Date.now() < deadline) {
      if (service.child.exitCode !== null) {
        throw new Error(`${service.name} exited with ${service.child.exitCode}:\n${service.output.slice(-20).join('\n')}`);
      }
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`${service.name} was not ready at ${url}:\n${service.output.slice(-20).join('\n')}`);
  }
}
