import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as mysql2 from 'mysql2';
import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

export interface DataSourceSettings {
  /** `mysql://…` for production; when absent the service runs on SQLite. */
  databaseUrl?: string;
  /** SQLite file used when there is no database URL. */
  sqliteFile: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Connections per process; mysql2 pools them. */
  poolSize?: number;
}

/** The single place that decides between MySQL (production) and embedded SQLite (zero-infra). */
export function buildDataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  const shared = {
    entities: settings.entities,
    migrations: settings.migrations,
    // Schema changes only ever come from migrations, run by the `migrate` target.
    synchronize: false,
    migrationsRun: false,
  };
  if (settings.databaseUrl) {
    return {
      ...shared,
      type: 'mysql',
      url: settings.databaseUrl,
      // Numbers stay numbers: every BIGINT here (epoch ms, event ids) is far below 2^53.
      supportBigNumbers: true,
      bigNumberStrings: false,
      // Fail fast when the database is unreachable instead of hanging a request.
      connectTimeout: 2_000,
      // trace: false skips mysql2's stack capture on every query (3-5 % of a busy service's
      // CPU, docs/performance.md); it only adds the caller's frames to error stacks.
      extra: { connectionLimit: settings.poolSize ?? 10, waitForConnections: true, queueLimit: 0, trace: false },
      // Every pooled connection is READ COMMITTED from the start, so transactions need no
      // SET TRANSACTION round trip of their own (runInTransaction checks for this driver).
      driver: readCommittedMysql2,
    };
  }
  const database = resolve(settings.sqliteFile);
  mkdirSync(dirname(database), { recursive: true });
  return {
    ...shared,
    type: 'better-sqlite3',
    database,
    // WAL lets the order API and the worker (two processes) read while the other writes.
    enableWAL: true,
    timeout: 10_000,
  };
}

/** Marks the mysql2 module whose pooled connections are all READ COMMITTED. */
export const READ_COMMITTED_SESSIONS = Symbol('mini-commerce.readCommittedSessions');

export const SET_SESSION_READ_COMMITTED = 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED';

type Mysql2Module = typeof mysql2;

/**
 * mysql2 as TypeORM loads it, except that every connection a pool opens — the first,
 * and every one opened later to replace a lost or idle one — is switched to READ
 * COMMITTED before anything else runs on it. The pool emits `connection` before it
 * hands the new connection out, and mysql2 runs a connection's commands in order, so
 * the SET precedes the first query. A connection whose SET fails is closed rather than
 * left at the server's default (REPEATABLE READ); the query waiting for it then fails.
 */
export const readCommittedMysql2 = Object.create(mysql2, {
  [READ_COMMITTED_SESSIONS]: { value: true },
  createPool: {
    value: (config: mysql2.PoolOptions) => {
      const pool = mysql2.createPool(config);
      pool.on('connection', (connection: mysql2.PoolConnection) => {
        connection.query(SET_SESSION_READ_COMMITTED, (error) => {
          if (error) connection.destroy();
        });
      });
      return pool;
    },
  },
}) as Mysql2Module & { [READ_COMMITTED_SESSIONS]: true };
