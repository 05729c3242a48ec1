import { createServer } from 'node:net';
import { portLayout, SystemUnderTest, type AppName, type RunningService } from '@mini-commerce/system-harness';
import type { TcpProxy } from '@mini-commerce/testing';
import { CHAOS_SERVICE_ENV } from './service-env';

/** This tool's ports: 27000-27013 and the extra workers' health ports 27103…27903. */
export const CHAOS_PORT_BASE = 27_000;
/** Worker replica n listens on base + 3 + (n - 1) * 100: replica 10 is the last inside 27000-27999. */
const MAX_WORKER_REPLICA = 10;
const INITIAL_WORKERS = 2;
/** The BFF promises to exit within 10 s of SIGTERM (graceful-shutdown e2e); every service gets that long. */
const SIGTERM_GRACE_MS = 10_000;

/**
 * The system under chaos: SystemUnderTest in production mode (MariaDB + Redis,
 * two workers), with MariaDB and Redis behind proxies that can be cut, and its
 * own events channel on the shared Redis (the harness sets EVENTS_CHANNEL). It
 * also keeps every process it ever started, including killed ones, so their
 * logs are still there for the post-mortem, and notices processes that exit
 * without being stopped.
 */
export class ChaosSystem {
  /** Every service process of the run, in start order, dead or alive. */
  readonly everyService: RunningService[] = [];
  /** Processes that exited although this run did not stop them (a crash, or a signal from outside the run). */
  readonly unexpectedExits: string[] = [];
  /** Processes that did not exit within their grace period after SIGTERM. */
  readonly lateExits: string[] = [];
  private readonly stopping = new Set<RunningService>();
  private shuttingDown = false;
  private nextReplica = INITIAL_WORKERS + 1;

  private constructor(readonly sut: SystemUnderTest) {
    for (const service of sut.launcher.services) this.track(service);
  }

  static async start(): Promise<ChaosSystem> {
    await assertPortsFree();
    const sut = await SystemUnderTest.start('chaos', {
      portBase: CHAOS_PORT_BASE,
      infrastructure: 'mysql+redis',
      workers: INITIAL_WORKERS,
      withFaultProxies: true,
      env: { ...CHAOS_SERVICE_ENV },
    });
    return new ChaosSystem(sut);
  }

  get bffUrl(): string {
    return this.sut.bffUrl;
  }

  /** The proxy every service reaches MariaDB through. */
  get databaseProxy(): TcpProxy {
    return this.proxies.database;
  }

  /** The proxy every service reaches Redis through. */
  get redisProxy(): TcpProxy {
    return this.proxies.redis;
  }

  /** Where events travel: the shared Redis, on this system's own channel. */
  get redisDescription(): string {
    return `Redis ${this.sut.env['REDIS_URL'] ?? '?'} (through a proxy), channel ${this.sut.env['EVENTS_CHANNEL'] ?? 'default'}`;
  }

  private get proxies(): NonNullable<SystemUnderTest['proxies']> {
    if (!this.sut.proxies) throw new Error('the system was started without fault proxies');
    return this.sut.proxies;
  }

  /** The test database's name (for the report and for a post-mortem by hand). */
  get databaseName(): string {
    return new URL(this.sut.env['DATABASE_URL'] ?? 'mysql://x/unknown').pathname.slice(1);
  }

  runningWorkers(): RunningService[] {
    return this.sut.launcher.services.filter((service) => service.app === 'queue-worker');
  }

  /** A new worker process with a fresh replica number (its own health port and WORKER_ID). */
  async startReplacementWorker(): Promise<RunningService> {
    if (this.nextReplica > MAX_WORKER_REPLICA) {
      throw new Error(`no worker replica number left inside ports 27000-27999 (max ${MAX_WORKER_REPLICA})`);
    }
    return this.track(await this.sut.startWorker(this.nextReplica++));
  }

  /** Starts a single-instance app again (after `stop`) and waits until it is ready. */
  async restart(app: Exclude<AppName, 'queue-worker'>): Promise<RunningService> {
    return this.track(await this.sut.launcher.start(app));
  }

  /**
   * SIGTERM (graceful) or SIGKILL (crash); resolves once the process is gone. A
   * process still running `graceMs` after SIGTERM is SIGKILLed, as an
   * orchestrator does at the end of its grace period, and that is reported.
   */
  async stop(service: RunningService, signal: NodeJS.Signals, graceMs = SIGTERM_GRACE_MS): Promise<number | null> {
    this.stopping.add(service);
    const stopped = this.sut.launcher.stop(service, signal);
    if (signal === 'SIGKILL') return stopped;
    const overdue = setTimeout(() => {
      this.lateExits.push(
        `${service.name} (pid ${service.child.pid}) had not exited ${graceMs / 1000} s after ${signal}; ` +
          'SIGKILLed it, as an orchestrator would at the end of its grace period',
      );
      service.child.kill('SIGKILL');
    }, graceMs);
    try {
      return await stopped;
    } finally {
      clearTimeout(overdue);
    }
  }

  service(name: string): RunningService {
    return this.sut.service(name);
  }

  /** Stops every service (SIGTERM, SIGKILL after the grace period) and drops the test database. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await this.databaseProxy.open();
    await this.redisProxy.open();
    await Promise.all([...this.sut.launcher.services].reverse().map((service) => this.stop(service, 'SIGTERM')));
    await this.sut.stop();
  }

  private track(service: RunningService): RunningService {
    this.everyService.push(service);
    service.child.once('exit', (code, signal) => {
      if (this.stopping.has(service) || this.shuttingDown) return;
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      this.unexpectedExits.push(
        `${service.name} (pid ${service.child.pid}) exited at ${new Date().toISOString()} with ${how}, ` +
          'although this run did not stop it: a crash, or a signal from outside the run',
      );
    });
    return service;
  }
}

/**
 * Every fixed port a run listens on. (The harness's MariaDB and Redis proxies
 * listen on ports the kernel assigns from its ephemeral range, which cannot be
 * in use by anyone else.)
 */
export function chaosPorts(): number[] {
  const layout = Object.values(portLayout(CHAOS_PORT_BASE)).map(Number).filter(Number.isInteger);
  const workers = Array.from({ length: MAX_WORKER_REPLICA - 1 }, (_, i) => CHAOS_PORT_BASE + 3 + (i + 1) * 100);
  return [...new Set([...layout, ...workers])].sort((a, b) => a - b);
}

/** Fails early, naming the ports, when another run (or anything else) already uses one. */
async function assertPortsFree(): Promise<void> {
  const busy: number[] = [];
  for (const port of chaosPorts()) if (!(await isFree(port))) busy.push(port);
  if (busy.length) throw new Error(`ports ${busy.join(', ')} are in use (another chaos run?)`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}
