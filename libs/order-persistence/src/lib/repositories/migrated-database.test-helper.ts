import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mysql2 from 'mysql2';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, type DatabaseSchema } from '@mini-commerce/service-chassis';
import { createTestDatabase } from '@mini-commerce/testing';

export type TestBackend = 'MariaDB' | 'SQLite';

export interface MigratedDatabase {
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * A schema migrated exactly as in production, on a fresh MariaDB database or a
 * fresh SQLite file, for integration tests that run on both backends.
 */
export async function openMigratedDatabase(
  backend: TestBackend,
  label: string,
  schema: DatabaseSchema,
): Promise<MigratedDatabase> {
  const database = backend === 'MariaDB' ? await createTestDatabase(label) : undefined;
  const directory = mkdtempSync(join(tmpdir(), `${label}-`));
  const dataSource = new DataSource(
    buildDataSourceOptions({
      databaseUrl: database?.url,
      sqliteFile: join(directory, schema.sqliteFileName),
      entities: schema.entities,
      migrations: schema.migrations,
    }),
  );
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await database?.drop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Every SQL statement the data source sends while `work` runs. */
export async function statementsDuring(dataSource: DataSource, work: () => Promise<unknown>): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  const query = jest.spyOn(Object.getPrototypeOf(runner), 'query');
  await runner.release();
  try {
    await work();
    return query.mock.calls.map(([sql]) => String(sql).trim());
  } finally {
    query.mockRestore();
  }
}

/**
 * The SQL texts `work` sends to the database, one per round trip: on MariaDB as mysql2
 * puts them on the wire (from any pool), on SQLite as TypeORM's query runner calls it.
 */
export async function roundTripsDuring(dataSource: DataSource, work: () => Promise<unknown>): Promise<string[]> {
  if (dataSource.options.type !== 'mysql') return statementsDuring(dataSource, work);
  const query = jest.spyOn(mysql2.Connection.prototype, 'query');
  try {
    await work();
    return query.mock.calls.map(([sql]) => (typeof sql === 'string' ? sql : (sql as { sql: string }).sql).trim());
  } finally {
    query.mockRestore();
  }
}
