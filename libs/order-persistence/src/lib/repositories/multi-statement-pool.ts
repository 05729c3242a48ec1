import type { Pool, PoolConnection, ResultSetHeader } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { MysqlDataSourceOptions } from 'typeorm/driver/mysql/MysqlDataSourceOptions';
import type { OrderEventDto } from '@mini-commerce/contracts';
import { readCommittedMysql2, type Statement } from '@mini-commerce/service-chassis';
import { insertEvents, withInsertedIds, type NewOrderEvent } from './append-events';

/**
 * A mysql2 pool on which one query may hold several statements, so a transaction's
 * statements that need no answer in between cost one round trip. Round trips, not
 * SQL, were most of the services' CPU per order (docs/performance.md).
 *
 * Multi-statement queries turn any SQL injection into stacked queries, so they are only
 * enabled on pools of their own that run nothing but the repositories' constant SQL,
 * every value a `?` placeholder escaped by mysql2. Every other query of a service goes
 * through TypeORM's pool, where multiple statements stay off. Same server, limits,
 * number handling and READ COMMITTED sessions as TypeORM's pool (buildDataSourceOptions).
 * One per DataSource, made on first use and shared by the checkout and the job transactions.
 */
export function multiStatementPool(dataSource: DataSource): Pool {
  let pool = pools.get(dataSource);
  if (!pool) {
    pool = createPool(dataSource.options as MysqlDataSourceOptions);
    pools.set(dataSource, pool);
  }
  return pool;
}

/** Ends the DataSource's multi-statement pool, if it has one; a later use opens a new one. */
export async function closeMultiStatementPool(dataSource: DataSource): Promise<void> {
  const pool = pools.get(dataSource);
  pools.delete(dataSource);
  await pool?.end();
}

function createPool(options: MysqlDataSourceOptions): Pool {
  return readCommittedMysql2
    .createPool({
      uri: options.url,
      connectTimeout: options.connectTimeout,
      supportBigNumbers: options.supportBigNumbers,
      bigNumberStrings: options.bigNumberStrings,
      ...options.extra,
      multipleStatements: true,
    })
    .promise();
}

const pools = new WeakMap<DataSource, Pool>();

export const START_TRANSACTION: Statement = { sql: 'START TRANSACTION', values: [] };
export const COMMIT: Statement = { sql: 'COMMIT', values: [] };

/** Sends the statements as one query; one result per statement, in order. */
export async function runStatements(connection: PoolConnection, statements: readonly Statement[]): Promise<unknown[]> {
  const [results] = await connection.query<ResultSetHeader[]>(
    statements.map(({ sql }) => sql).join(';\n'),
    statements.flatMap(({ values }) => values),
  );
  // A single statement's result comes back unwrapped.
  return statements.length === 1 ? [results] : (results as unknown[]);
}

/**
 * Ends a transaction: the writes, one INSERT for its events and COMMIT, in one round trip.
 * The events come back with their ids, ready to publish.
 */
export async function commitWithEvents(
  dataSource: DataSource,
  connection: PoolConnection,
  writes: readonly Statement[],
  events: NewOrderEvent[],
): Promise<OrderEventDto[]> {
  const results = await runStatements(connection, [...writes, insertEvents(events), COMMIT]);
  const { insertId } = results[writes.length] as ResultSetHeader;
  return withInsertedIds(dataSource.manager, insertId, events);
}

/**
 * Runs `work` on a connection of the pool. MySQL stops a multi-statement query at the
 * first failing statement, which leaves the transaction open: roll it back before the
 * connection goes back to the pool. A connection that cannot (it was lost) is dropped.
 */
export async function onPooledConnection<T>(pool: Pool, work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  const connection = await pool.getConnection();
  let result: T;
  try {
    result = await work(connection);
  } catch (error) {
    await discardTransaction(connection);
    throw error;
  }
  connection.release();
  return result;
}

async function discardTransaction(connection: PoolConnection): Promise<void> {
  try {
    await connection.query('ROLLBACK');
    connection.release();
  } catch {
    connection.destroy();
  }
}
