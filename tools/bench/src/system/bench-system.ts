import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ORDER_EVENTS_CHANNEL } from '@mini-commerce/contracts';
import {
  APPS,
  HTTP_PORT_VARIABLE,
  portLayout,
  SystemLauncher,
  type AppName,
  type RunningService,
} from '@mini-commerce/system-harness';

export interface BenchSystemSettings {
  portBase: number;
  databaseUrl: string;
  redisUrl: string;
  logLevel: string;
  /** Services run with a CPU profiler (profiling/cpu-profiler-preload.js), writing to `profileDir/<service name>/`. */
  profile: readonly AppName[];
  profileDir: string;
  /** NODE_OPTIONS for every service (not the migrations). */
  nodeOptions: string;
}

export interface StartTiming {
  /** `npm start` minus the build: migrations, then each service until /health/ready, in launcher order. */
  startToReadyMs: number;
  migrateMs: number;
  /** How long each service took from spawn to ready. */
  readyMs: Record<string, number>;
}

const PROFILER_PRELOAD = resolve(__dirname, '../profiling/cpu-profiler-preload.js');

/** Lines of service output kept in memory; the launcher keeps every line otherwise. */
const OUTPUT_KEPT = 200;

/**
 * The real system in production mode (MariaDB + Redis, no payment delay), run
 * by the same SystemLauncher as `npm start`, on ports of its own.
 */
export class BenchSystem {
  readonly launcher: SystemLauncher;
  readonly env: NodeJS.ProcessEnv;
  readonly bffUrl: string;
  readonly orderUrl: string;
  /** The run's own pub/sub channel: other systems on the same Redis neither hear its events nor add theirs. */
  readonly eventsChannel: string;
  private readonly trimTimer: NodeJS.Timeout;

  constructor(private readonly settings: BenchSystemSettings) {
    this.eventsChannel = `${ORDER_EVENTS_CHANNEL}.bench.${settings.portBase}.${process.pid}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      EVENTS_CHANNEL: this.eventsChannel,
      ...portLayout(settings.portBase),
      NODE_ENV: 'production',
      LOG_LEVEL: settings.logLevel,
      DATABASE_URL: settings.databaseUrl,
      REDIS_URL: settings.redisUrl,
      PAYMENT_DELAY_MS: '0',
      WORKER_ID: 'bench-worker-1',
      // All load comes from one address standing in for many shoppers: the BFF's
      // per-address checkout limit (100/s by default) would measure the limiter.
      CHECKOUT_RATE_LIMIT: '1000000000',
    };
    delete env['NODE_OPTIONS'];
    delete env['SQLITE_DIR'];
    this.env = env;
    this.launcher = new SystemLauncher({ env, echo: false, detached: true, startTimeoutMs: 60_000 });
    this.bffUrl = `http://127.0.0.1:${env['BFF_HTTP_PORT']}`;
    this.orderUrl = `http://127.0.0.1:${env['ORDER_HTTP_PORT']}`;
    this.trimTimer = setInterval(() => this.trimOutput(), 1_000);
    this.trimTimer.unref();
  }

  /** Migrate and start all four services, timing each step (what `npm start` does after its build). */
  async start(): Promise<StartTiming> {
    const started = performance.now();
    await this.launcher.migrate();
    const migrateMs = performance.now() - started;
    const readyMs: Record<string, number> = {};
    for (const app of APPS) {
      const before = performance.now();
      await this.launcher.start(app, this.overrides(app, app));
      readyMs[app] = Math.round(performance.now() - before);
    }
    return { startToReadyMs: Math.round(performance.now() - started), migrateMs: Math.round(migrateMs), readyMs };
  }

  get services(): RunningService[] {
    return this.launcher.services;
  }

  service(name: string): RunningService | undefined {
    return this.launcher.services.find((service) => service.name === name);
  }

  workers(): RunningService[] {
    return this.launcher.services.filter((service) => service.app === 'queue-worker');
  }

  /** Starts or stops queue-worker replicas until `count` run; replica n gets health port base+3+(n-1)*100. */
  async setWorkerCount(count: number): Promise<void> {
    for (let replica = this.workers().length + 1; replica <= count; replica++) {
      const name = replica === 1 ? 'queue-worker' : `queue-worker#${replica}`;
      await this.launcher.start(
        'queue-worker',
        {
          ...this.overrides('queue-worker', name),
          [HTTP_PORT_VARIABLE['queue-worker']]: String(this.settings.portBase + 3 + (replica - 1) * 100),
          WORKER_ID: `bench-worker-${replica}`,
        },
        name,
      );
    }
    const running = this.workers().sort((a, b) => replicaNumber(b.name) - replicaNumber(a.name));
    for (const worker of running.slice(0, Math.max(0, running.length - count))) await this.launcher.stop(worker);
  }

  async stop(): Promise<void> {
    clearInterval(this.trimTimer);
    await this.launcher.stopAll('SIGTERM');
  }

  /** Last resort on exit: the services run in process groups of their own. */
  killNow(): void {
    for (const service of this.launcher.services) {
      if (service.child.exitCode === null) service.child.kill('SIGKILL');
    }
  }

  private overrides(app: AppName, name: string): NodeJS.ProcessEnv {
    const { nodeOptions } = this.settings;
    if (!this.settings.profile.includes(app)) return nodeOptions ? { NODE_OPTIONS: nodeOptions } : {};
    const dir = join(this.settings.profileDir, name.replace(/#/g, '-'));
    mkdirSync(dir, { recursive: true });
    // What `node --cpu-prof` does, which Node 20 does not accept in NODE_OPTIONS.
    return { NODE_OPTIONS: `${nodeOptions} --require ${PROFILER_PRELOAD}`.trim(), BENCH_CPU_PROFILE_DIR: dir };
  }

  private trimOutput(): void {
    for (const service of this.launcher.services) {
      if (service.output.length > OUTPUT_KEPT * 2) service.output.splice(0, service.output.length - OUTPUT_KEPT);
    }
  }
}

function replicaNumber(name: string): number {
  return Number(name.split('#')[1] ?? 1);
}
