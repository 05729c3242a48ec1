import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { createTestDatabase } from './test-database';

export type TestBackend = 'MariaDB' | 'SQLite';

/** Where a test's schema goes: a fresh MariaDB database (its URL) or a fresh SQLite file. */
export interface TestDatabaseTarget {
  databaseUrl?: string;
  sqliteFile: string;
}

export interface MigratedDatabase {
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * A schema migrated exactly as in production, on a fresh MariaDB database or a
 * fresh SQLite file, for integration tests that run on both backends. `optionsFor`
 * is the service's own DataSource options for that target.
 */
export async function openMigratedDatabase(
  backend: TestBackend,
  label: string,
  optionsFor: (target: TestDatabaseTarget) => DataSourceOptions,
): Promise<MigratedDatabase> {
  const database = backend === 'MariaDB' ? await createTestDatabase(label) : undefined;
  const directory = mkdtempSync(join(tmpdir(), `${label}-`));
  const dataSource = new DataSource(optionsFor({ databaseUrl: database?.url, sqliteFile: join(directory, `${label}.sqlite`) }));
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
