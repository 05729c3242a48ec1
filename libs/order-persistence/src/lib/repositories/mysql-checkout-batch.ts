import type { Pool, PoolConnection, ResultSetHeader } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { MysqlDataSourceOptions } from 'typeorm/driver/mysql/MysqlDataSourceOptions';
import { readCommittedMysql2 } from '@mini-commerce/service-chassis';
import type { OrderEntity } from '../entities/order.entity';
import { EVENT_ROW, eventValues, INSERT_EVENTS, type NewOrderEvent } from './append-events';
import { INSERT_ORDER, INSERT_QUEUED_JOB, orderValues, queuedJobValues } from './checkout-statements';

/**
 * The checkout transaction — START, the three INSERTs, COMMIT — sent to MySQL as one
 * multi-statement query: one round trip instead of five. Round trips, not SQL, were most
 * of order's CPU per checkout (docs/performance.md).
 *
 * Multi-statement queries turn any SQL injection into stacked queries, so they are only
 * enabled on this pool of its own, which runs nothing but CHECKOUT_BATCH: constant SQL
 * whose values are all `?` placeholders escaped by mysql2. Every other query of the
 * service goes through TypeORM's pool, where multiple statements stay off.
 */
const CHECKOUT_STATEMENTS = ['START TRANSACTION', INSERT_ORDER, INSERT_QUEUED_JOB, INSERT_EVENTS + EVENT_ROW, 'COMMIT'];

const CHECKOUT_BATCH = CHECKOUT_STATEMENTS.join(';\n');

/** Where the order_events INSERT sits in the batch, and so in its results. */
const EVENT_INSERT_RESULT = CHECKOUT_STATEMENTS.indexOf(INSERT_EVENTS + EVENT_ROW);

/** One pool per order process; close it with the repository that owns it. */
export class MysqlCheckoutBatch {
  private readonly pool: Pool;

  constructor(dataSource: DataSource) {
    const options = dataSource.options as MysqlDataSourceOptions;
    // The server, limits and number handling of TypeORM's pool (buildDataSourceOptions), READ COMMITTED like it.
    this.pool = readCommittedMysql2
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

  /** Stores the order, its queued job and its order.created event; resolves to the event's id. */
  async run(order: OrderEntity, created: NewOrderEvent): Promise<number> {
    const connection = await this.pool.getConnection();
    try {
      const [results] = await connection.query<ResultSetHeader[]>(CHECKOUT_BATCH, [
        ...orderValues(order),
        ...queuedJobValues(order),
        ...eventValues(created),
      ]);
      connection.release();
      return results[EVENT_INSERT_RESULT].insertId;
    } catch (error) {
      await this.discardTransaction(connection);
      throw error;
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /**
   * MySQL stops a multi-statement query at the first failing statement, which leaves
   * the transaction open: roll it back before the connection goes back to the pool.
   * A connection that cannot (it was lost) is dropped instead.
   */
  private async discardTransaction(connection: PoolConnection): Promise<void> {
    try {
      await connection.query('ROLLBACK');
      connection.release();
    } catch {
      connection.destroy();
    }
  }
}
