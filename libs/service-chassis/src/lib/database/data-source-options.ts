import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
