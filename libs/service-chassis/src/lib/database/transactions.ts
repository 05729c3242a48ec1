import type { DataSource, EntityManager } from 'typeorm';
import { READ_COMMITTED_SESSIONS } from './data-source-options';

const RETRYABLE_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']);
const MAX_ATTEMPTS = 3;

/** SQLite transactions of one DataSource, chained so that only one runs at a time. */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

function isRetryable(error: unknown): boolean {
  const failure = error as { code?: string; driverError?: { code?: string } } | null;
  const code = failure?.driverError?.code ?? failure?.code;
  return code !== undefined && RETRYABLE_CODES.has(code);
}

export function isMysql(dataSource: DataSource): boolean {
  return dataSource.options.type === 'mysql';
}

/** True when every pooled connection is already READ COMMITTED (buildDataSourceOptions' driver). */
function sessionsAreReadCommitted(dataSource: DataSource): boolean {
  const driver = (dataSource.options as { driver?: Record<symbol, unknown> }).driver;
  return driver?.[READ_COMMITTED_SESSIONS] === true;
}

/**
 * Runs `work` in one transaction, retrying a deadlock victim (InnoDB expects the
 * client to). On MySQL it uses READ COMMITTED, which takes no gap locks, so
 * claiming workers never block order inserts: set once per connection when the
 * DataSource comes from buildDataSourceOptions, otherwise before each transaction.
 */
export function runInTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return retryingDeadlocks(() => {
    if (!isMysql(dataSource)) return oneAtATime(dataSource, () => dataSource.transaction(work));
    return sessionsAreReadCommitted(dataSource)
      ? dataSource.transaction(work)
      : dataSource.transaction('READ COMMITTED', work);
  });
}

/** Runs a whole transaction again when the database chose it as a deadlock (or busy) victim. */
export async function retryingDeadlocks<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
    }
  }
}

/**
 * TypeORM's better-sqlite3 driver shares one connection among all callers, so
 * two overlapping transactions would nest and corrupt each other. SQLite
 * serialises writers anyway; queueing them here costs nothing.
 */
function oneAtATime<T>(dataSource: DataSource, transaction: () => Promise<T>): Promise<T> {
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  const next = previous.then(transaction, transaction);
  sqliteQueues.set(
    dataSource,
    next.catch(() => undefined),
  );
  return next;
}
