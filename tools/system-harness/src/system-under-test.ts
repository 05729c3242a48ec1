import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { ORDER_EVENTS_CHANNEL } from '@mini-commerce/contracts';
import { HTTP_PORT_VARIABLE, portLayout } from './service-catalog';
import { SystemLauncher, type RunningService } from './system-launcher';
import {
  createTestDatabase,
  TcpProxy,
  TEST_MYSQL_SERVER_URL,
  TEST_REDIS_URL,
  type TestDatabase,
} from '@mini-commerce/testing';

export interface SystemOptions {
  /** First port of this system's layout; each test file uses its own. */
  portBase: number;
  infrastructure: 'mysql+redis' | 'sqlite+tcp';
  workers?: number;
  env?: NodeJS.ProcessEnv;
  /** Route MariaDB and Redis through proxies the test can cut (mysql+redis only). */
  withFaultProxies?: boolean;
}

export interface FaultProxies {
  database: TcpProxy;
  redis: TcpProxy;
}

/** The whole system as real processes on real ports, against real MariaDB and Redis (or SQLite + TCP). */
export class SystemUnderTest {
  readonly bffUrl: string;
  readonly orderUrl: string;
  readonly paymentUrl: string;

  private constructor(
    readonly launcher: SystemLauncher,
    readonly env: NodeJS.ProcessEnv,
    private readonly database: TestDatabase | null,
    private readonly sqliteDir: string | null,
    readonly proxies: FaultProxies | null,
  ) {
    this.bffUrl = `http://127.0.0.1:${env['BFF_HTTP_PORT']}`;
    this.orderUrl = `http://127.0.0.1:${env['ORDER_HTTP_PORT']}`;
    this.paymentUrl = `http://127.0.0.1:${env['PAYMENT_HTTP_PORT']}`;
  }

  static async start(label: string, options: SystemOptions): Promise<SystemUnderTest> {
    const mysql = options.infrastructure === 'mysql+redis';
    const database = mysql ? await createTestDatabase(label) : null;
    const sqliteDir = mysql ? null : mkdtempSync(join(tmpdir(), `mc-${label}-`));
    const proxies = mysql && options.withFaultProxies ? await startProxies() : null;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...portLayout(options.portBase),
      LOG_LEVEL: 'info',
      // Its own channel: systems sharing the test Redis must not hear each other's events.
      EVENTS_CHANNEL: `${ORDER_EVENTS_CHANNEL}.${label}.${process.pid}.${options.portBase}`,
      ...(mysql
        ? {
            DATABASE_URL: proxies ? viaProxy(database?.url ?? '', proxies.database) : database?.url,
            REDIS_URL: proxies ? viaProxy(TEST_REDIS_URL, proxies.redis) : TEST_REDIS_URL,
          }
        : { SQLITE_DIR: sqliteDir ?? '' }),
      ...options.env,
    };
    if (!mysql) {
      delete env['DATABASE_URL'];
      delete env['REDIS_URL'];
    }
    const system = new SystemUnderTest(new SystemLauncher({ env, echo: false }), env, database, sqliteDir, proxies);
    try {
      await system.launcher.migrate();
      await system.launcher.start('payment');
      await system.launcher.start('order');
      for (let replica = 1; replica <= (options.workers ?? 1); replica++) await system.startWorker(replica);
      await system.launcher.start('client-bff');
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  /** Extra workers get their own health port and id; on TCP only the first receives wake-ups. */
  startWorker(replica: number): Promise<RunningService> {
    const base = Number(this.env['WORKER_HTTP_PORT']);
    return this.launcher.start(
      'queue-worker',
      { [HTTP_PORT_VARIABLE['queue-worker']]: String(base + (replica - 1) * 100), WORKER_ID: `worker-${replica}` },
      `queue-worker#${replica}`,
    );
  }

  service(name: string): RunningService {
    const found = this.launcher.services.find((service) => service.name === name);
    if (!found) throw new Error(`${name} is not running`);
    return found;
  }

  /** A direct connection to the test database, to check what was (not) stored. */
  async sql(): Promise<Connection> {
    if (!this.database) throw new Error('this system runs on SQLite');
    return createConnection(this.database.url);
  }

  async stop(): Promise<void> {
    await this.proxies?.database.open();
    await this.proxies?.redis.open();
    await this.launcher.stopAll();
    await this.proxies?.database.cut();
    await this.proxies?.redis.cut();
    await this.database?.drop();
    if (this.sqliteDir) rmSync(this.sqliteDir, { recursive: true, force: true });
  }
}

async function startProxies(): Promise<FaultProxies> {
  const target = (url: string) => ({ host: new URL(url).hostname, port: Number(new URL(url).port) });
  return {
    database: await TcpProxy.start(target(TEST_MYSQL_SERVER_URL)),
    redis: await TcpProxy.start(target(TEST_REDIS_URL)),
  };
}

/** The same URL, pointed at the proxy's port on loopback. */
function viaProxy(url: string, proxy: TcpProxy): string {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  return proxied.toString();
}
