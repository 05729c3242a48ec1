import type { ResultSetHeader } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { OrderEntity } from '../entities/order.entity';
import type { NewOrderEvent } from './append-events';
import { INSERT_ORDER, INSERT_QUEUED_JOB, orderValues, queuedJobValues } from './checkout-statements';
import { insertEvents } from './job-statements';
import { COMMIT, multiStatementPool, onPooledConnection, runStatements, START_TRANSACTION } from './multi-statement-pool';

/**
 * The checkout transaction — START, the three INSERTs, COMMIT — sent to MySQL as one
 * multi-statement query: one round trip instead of five. Round trips, not SQL, were most
 * of order's CPU per checkout (docs/performance.md).
 */
export class MysqlCheckoutBatch {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the order, its queued job and its order.created event; resolves to the event's id. */
  run(order: OrderEntity, created: NewOrderEvent): Promise<number> {
    const insertEvent = insertEvents([created]);
    const statements = [
      START_TRANSACTION,
      { sql: INSERT_ORDER, values: orderValues(order) },
      { sql: INSERT_QUEUED_JOB, values: queuedJobValues(order) },
      insertEvent,
      COMMIT,
    ];
    return onPooledConnection(multiStatementPool(this.dataSource), async (connection) => {
      const results = await runStatements(connection, statements);
      return (results[statements.indexOf(insertEvent)] as ResultSetHeader).insertId;
    });
  }
}
