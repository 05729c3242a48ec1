import { randomBytes } from 'node:crypto';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { SystemLauncher } from '@mini-commerce/system-harness';

const PREFIX = 'mc_bench_';

/** The tables a run fills; emptied between scenarios so each starts from the same state. */
const RUN_TABLES = ['order_events', 'payment_jobs', 'orders', 'payments'];

/**
 * Tables whose ids must keep growing across a reset: the BFF drops an event
 * whose id it has already seen (de-duplication), so ids may never be reused.
 */
const MONOTONIC_IDS = ['order_events', 'payment_jobs'];

export interface PipelineCounts {
  /** Jobs queued or leased: the queue depth. */
  queueDepth: number;
  paid: number;
  failed: number;
  orders: number;
}

/**
 * A fresh MariaDB database for one benchmark run (`mc_bench_<random>`), dropped
 * afterwards. It refuses any other name, so a bad URL can never drop real data.
 */
export class BenchDatabase {
  private monitor: Connection | null = null;
  /** Next id each monotonic table must continue from after a reset. */
  private readonly idFloor = new Map<string, number>();

  private constructor(
    readonly name: string,
    private readonly serverUrl: string,
  ) {}

  /** `mysql://…/<name>`: the services' DATABASE_URL. */
  get url(): string {
    return `${this.serverUrl}/${this.name}`;
  }

  static async create(serverUrl: string): Promise<BenchDatabase> {
    const database = new BenchDatabase(`${PREFIX}${randomBytes(4).toString('hex')}`, serverUrl.replace(/\/$/, ''));
    await database.onServer(`CREATE DATABASE \`${database.checkedName()}\``);
    return database;
  }

  /** Creates the apps' tables, as `npm start` does: their migrations, from the built apps, with `env` besides the URL. */
  async migrate(env: NodeJS.ProcessEnv = process.env): Promise<void> {
    await new SystemLauncher({ env: { ...env, DATABASE_URL: this.url }, echo: false }).migrate();
  }

  /** One connection kept open for the run's own bookkeeping queries. */
  async connection(): Promise<Connection> {
    this.monitor ??= await createConnection({ uri: this.url, supportBigNumbers: true, bigNumberStrings: false });
    return this.monitor;
  }

  async counts(): Promise<PipelineCounts> {
    const db = await this.connection();
    const [rows] = await db.query<RowDataPacket[]>(
      `SELECT (SELECT COUNT(*) FROM payment_jobs WHERE status IN ('queued', 'running')) AS queueDepth,
              (SELECT COUNT(*) FROM orders WHERE status = 'paid') AS paid,
              (SELECT COUNT(*) FROM orders WHERE status = 'failed') AS failed,
              (SELECT COUNT(*) FROM orders) AS orders`,
    );
    const row = rows[0];
    return { queueDepth: Number(row['queueDepth']), paid: Number(row['paid']), failed: Number(row['failed']), orders: Number(row['orders']) };
  }

  /** The id of the newest event, also across resets (an SSE cursor that replays nothing old). */
  async maxEventId(): Promise<number> {
    const db = await this.connection();
    const [rows] = await db.query<RowDataPacket[]>('SELECT COALESCE(MAX(id), 0) AS id FROM order_events');
    return Math.max(Number(rows[0]['id']), (this.idFloor.get('order_events') ?? 1) - 1);
  }

  /**
   * Empties the run's tables (bench database only), so one scenario's rows do
   * not slow the next. Ids continue where they were, as they would in production.
   */
  async reset(): Promise<void> {
    const db = await this.connection();
    for (const table of MONOTONIC_IDS) {
      const [rows] = await db.query<RowDataPacket[]>(`SELECT COALESCE(MAX(id), 0) AS id FROM \`${table}\``);
      this.idFloor.set(table, Math.max(this.idFloor.get(table) ?? 1, Number(rows[0]['id']) + 1));
    }
    for (const table of RUN_TABLES) await db.query(`TRUNCATE TABLE \`${table}\``);
    for (const [table, next] of this.idFloor) await db.query(`ALTER TABLE \`${table}\` AUTO_INCREMENT = ${Number(next)}`);
  }

  /**
   * Pages InnoDB has changed in memory and not yet written to disk, server-wide: what earlier
   * writes still cost in background disk work, which every commit's flush then waits behind.
   */
  dirtyPages(): Promise<number> {
    return this.globalStatus('Innodb_buffer_pool_pages_dirty');
  }

  /** Server-wide statement counter (`Questions`); shared with anything else using the server. */
  questions(): Promise<number> {
    return this.globalStatus('Questions');
  }

  async drop(): Promise<void> {
    await this.monitor?.end().catch(() => undefined);
    this.monitor = null;
    await this.onServer(`DROP DATABASE IF EXISTS \`${this.checkedName()}\``);
  }

  private async globalStatus(name: string): Promise<number> {
    const db = await this.connection();
    const [rows] = await db.query<RowDataPacket[]>('SHOW GLOBAL STATUS LIKE ?', [name]);
    return Number(rows[0]?.['Value'] ?? Number.NaN);
  }

  private checkedName(): string {
    if (!this.name.startsWith(PREFIX) || !/^\w+$/.test(this.name)) {
      throw new Error(`refusing to touch database "${this.name}": bench databases start with ${PREFIX}`);
    }
    return this.name;
  }

  private async onServer(sql: string): Promise<void> {
    const connection = await createConnection(this.serverUrl);
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  }
}
