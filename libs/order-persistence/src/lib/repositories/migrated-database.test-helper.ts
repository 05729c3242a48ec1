import * as mysql2 from 'mysql2';
import type { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@mini-commerce/service-chassis';
import { openMigratedDatabase, type MigratedDatabase, type TestBackend } from '@mini-commerce/testing';
import { ORDER_SCHEMA } from '../order-schema';
import { closeMultiStatementPool } from './multi-statement-pool';

/**
 * order's schema, migrated as in production, on a fresh MariaDB database or SQLite file.
 * Closing it also closes the repositories' batch pool, as OrderPersistenceModule does.
 */
export async function openOrderDatabase(backend: TestBackend, label: string): Promise<MigratedDatabase> {
  const { entities, migrations } = ORDER_SCHEMA;
  const database = await openMigratedDatabase(backend, label, (target) =>
    buildDataSourceOptions({ ...target, entities, migrations }),
  );
  return {
    dataSource: database.dataSource,
    close: async () => {
      await closeMultiStatementPool(database.dataSource);
      await database.close();
    },
  };
}

/** Work that may ask, while it runs, what has been sent so far. */
type ObservedWork = (sentSoFar: () => string[]) => Promise<unknown>;

/** Every SQL statement the data source sends while `work` runs. */
export async function statementsDuring(dataSource: DataSource, work: ObservedWork): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  const query = jest.spyOn(Object.getPrototypeOf(runner), 'query');
  await runner.release();
  const sent = () => query.mock.calls.map(([sql]) => String(sql).trim());
  try {
    await work(sent);
    return sent();
  } finally {
    query.mockRestore();
  }
}

/**
 * The SQL texts `work` sends to the database, one per round trip: on MariaDB as mysql2
 * puts them on the wire (from any pool), on SQLite as TypeORM's query runner calls it.
 */
export async function roundTripsDuring(dataSource: DataSource, work: ObservedWork): Promise<string[]> {
  if (dataSource.options.type !== 'mysql') return statementsDuring(dataSource, work);
  const query = jest.spyOn(mysql2.Connection.prototype, 'query');
  const sent = () => query.mock.calls.map(([sql]) => (typeof sql === 'string' ? sql : (sql as { sql: string }).sql).trim());
  try {
    await work(sent);
    return sent();
  } finally {
    query.mockRestore();
  }
}
