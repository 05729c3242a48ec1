import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { OrderEventDto } from '@mini-commerce/contracts';
import { asError, isDatabaseUnavailable, retryingDeadlocks } from '@mini-commerce/service-chassis';
import type { OrderEntity } from '../entities/order.entity';
import type { NewOrderEvent } from './append-events';
import { insertOrders, insertQueuedJobs } from './checkout-statements';
import { commitWithEvents, multiStatementPool, onPooledConnection, START_TRANSACTION } from './multi-statement-pool';

interface Checkout {
  order: OrderEntity;
  created: NewOrderEvent;
}

/** Bounds one transaction's statement size and the work a deadlock retry repeats. */
export const MAX_CHECKOUTS_PER_TRANSACTION = 100;

/**
 * Checkouts on MySQL, committed in groups: those that arrive during one turn of the
 * event loop go to the server as one multi-statement query — START, one multi-row INSERT
 * each for the orders, their jobs and their order.created events, COMMIT. One round trip
 * and one commit per group instead of five statements and a commit per checkout: round
 * trips and commits, not SQL, were most of the CPU per checkout (docs/performance.md,
 * #11 and #24). A quiet shop's checkout is a group of one.
 */
export class MysqlCheckoutBatch {
  private readonly groups = new DataLoader<Checkout, OrderEventDto>((checkouts) => this.commitGroup(checkouts), {
    cache: false,
    maxBatchSize: MAX_CHECKOUTS_PER_TRANSACTION,
    batchScheduleFn: (commit) => setImmediate(commit),
  });

  constructor(private readonly dataSource: DataSource) {}

  /** Stores the order, its queued job and its order.created event; resolves to the stored event. */
  run(order: OrderEntity, created: NewOrderEvent): Promise<OrderEventDto> {
    return this.groups.load({ order, created });
  }

  /**
   * A group the database refused — one checkout's idempotency key already taken, say — is
   * retried one checkout per transaction, so each checkout gets its own answer and none
   * fails for another's. A database that cannot be reached fails the whole group at
   * once: one by one, each checkout would only wait for it again.
   */
  private async commitGroup(checkouts: readonly Checkout[]): Promise<Array<OrderEventDto | Error>> {
    try {
      return await this.commit(checkouts);
    } catch (error) {
      if (checkouts.length === 1 || isDatabaseUnavailable(error)) return checkouts.map(() => asError(error));
      return Promise.all(checkouts.map((checkout) => this.commit([checkout]).then(([event]) => event, asError)));
    }
  }

  private async commit(checkouts: readonly Checkout[]): Promise<OrderEventDto[]> {
    const orders = checkouts.map(({ order }) => order);
    const writes = [START_TRANSACTION, insertOrders(orders), insertQueuedJobs(orders)];
    return retryingDeadlocks(() =>
      onPooledConnection(multiStatementPool(this.dataSource), (connection) =>
        commitWithEvents(this.dataSource, connection, writes, checkouts.map(({ created }) => created)),
      ),
    );
  }
}
