import type { DataSource } from 'typeorm';
import type { OrderEventDto } from '@mini-commerce/contracts';
import { retryingDeadlocks } from '@mini-commerce/service-chassis';
import type { ClaimOptions, ClaimResult, JobSettlement } from './job-claim';
import { processingEvent, settledEvent } from './job-events';
import {
  claimableStatuses,
  claimOf,
  eventsPerSettlement,
  heldSettlements,
  leaseJobs,
  lockDueJobs,
  markOrdersProcessing,
  selectLeases,
  settlementWrites,
  type LeasedJobRow,
  type LeaseRequest,
  type LeaseRow,
} from './job-statements';
import { COMMIT, commitWithEvents, multiStatementPool, onPooledConnection, runStatements, START_TRANSACTION } from './multi-statement-pool';

/**
 * A claim and a settlement on MySQL in as few round trips as their reads allow: the
 * locking read goes with START, and every write after it goes with COMMIT. A claim is
 * 2–3 round trips instead of 7, a settlement 2 instead of 6–7; a batch of one (every
 * order of a quiet shop) paid for all of them (docs/performance.md).
 */
export class MysqlJobTransactions {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Expired leases first (they have waited longest), then queued jobs, each range read
   * in `(status, available_at)` order. A single `status IN (…) ORDER BY available_at`
   * would need a filesort, which makes InnoDB lock every due row and starves the other
   * workers; so would locking both ranges in one read, each up to the whole batch. The
   * first locking read goes with START: two round trips in all when expired leases are
   * not looked for, three when they are. `onLocked` hears of the claims between the
   * locking read and the round trip that writes the lease and commits.
   */
  claim(lease: LeaseRequest, onLocked?: ClaimOptions['onLocked']): Promise<ClaimResult> {
    const ranges = claimableStatuses(lease);
    return retryingDeadlocks(() =>
      onPooledConnection(multiStatementPool(this.dataSource), async (connection) => {
        const due: LeasedJobRow[] = [];
        for (const [index, status] of ranges.entries()) {
          if (due.length === lease.limit) break;
          const read = lockDueJobs(status, lease, lease.limit - due.length);
          const results = await runStatements(connection, index === 0 ? [START_TRANSACTION, read] : [read]);
          due.push(...(results[results.length - 1] as LeasedJobRow[]));
        }
        if (due.length === 0) {
          await runStatements(connection, [COMMIT]);
          return { claims: [], events: [] };
        }
        // The UPDATE below counts this attempt.
        const claims = due.map((row) => claimOf({ ...row, attempts: Number(row.attempts) + 1 }, lease.workerId));
        onLocked?.(claims);
        const writes = [
          leaseJobs(claims.map(({ jobId }) => jobId), lease),
          markOrdersProcessing(claims.map(({ orderId }) => orderId), lease.now),
        ];
        const events = await commitWithEvents(this.dataSource, connection, writes, claims.map((claim) => processingEvent(claim, lease.now)));
        return { claims, events };
      }),
    );
  }

  /** `completeMany`: lock the batch's leases, keep the held ones, settle them and COMMIT. */
  settle(settlements: readonly JobSettlement[]): Promise<OrderEventDto[][]> {
    return retryingDeadlocks(() =>
      onPooledConnection(multiStatementPool(this.dataSource), async (connection) => {
        const now = Date.now();
        const jobIds = settlements.map(({ claim }) => claim.jobId);
        const [, leases] = await runStatements(connection, [START_TRANSACTION, selectLeases(jobIds, { lock: true })]);
        const held = heldSettlements(settlements, leases as LeaseRow[]);
        if (held.length === 0) {
          await runStatements(connection, [COMMIT]);
          return settlements.map(() => []);
        }
        const events = await commitWithEvents(
          this.dataSource,
          connection,
          settlementWrites(held, now),
          held.map((settlement) => settledEvent(settlement, now)),
        );
        return eventsPerSettlement(settlements, held, events);
      }),
    );
  }
}
