import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { OrderEventType, OrderStatus, type OrderEventDto } from '@mini-commerce/contracts';
import { isMysql, placeholders, runEach, runInTransaction, runStatement } from '@mini-commerce/service-chassis';
import { OrderEntity } from '../entities/order.entity';
import { PaymentJobEntity, PaymentJobStatus } from '../entities/payment-job.entity';
import { appendEvents } from './append-events';
import type { ClaimOptions, ClaimResult, JobClaim, JobSettlement, PaymentOutcome } from './job-claim';
import { orderEvent, processingEvent, settledEvent } from './job-events';
import {
  claimableStatuses,
  claimOf,
  eventsPerSettlement,
  heldSettlements,
  LEASED_COLUMNS,
  markOrdersFailed,
  markOrdersProcessing,
  selectLeases,
  settlementWrites,
  type LeasedJobRow,
  type LeaseRequest,
  type LeaseRow,
} from './job-statements';
import { MysqlJobTransactions } from './mysql-job-transactions';

/** Jobs still in the queue: waiting, or leased to a worker. What a claim takes is `claimableStatuses`. */
const IN_QUEUE = [PaymentJobStatus.Queued, PaymentJobStatus.Running];

export interface QueueStats {
  /** Jobs not finished: waiting, retrying or leased. */
  depth: number;
  /** Age of the oldest unfinished job in ms; 0 when the queue is empty. */
  oldestAgeMs: number;
}

@Injectable()
export class PaymentJobRepository {
  /** MySQL only: claims and settlements in few round trips (SQLite has no round trips to save). */
  private readonly mysql: MysqlJobTransactions | null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.mysql = isMysql(dataSource) ? new MysqlJobTransactions(dataSource) : null;
  }

  /**
   * Leases up to `limit` due jobs (queued and available, and unless `expiredLeases`
   * is false, running with an expired lease) to `workerId` for `leaseMs`, moves
   * their orders to `processing` and records `order.processing`, all in one
   * transaction. A claim for newly queued jobs can skip the expired leases: a dead
   * worker's jobs are found by the next claim that looks for them. `onLocked` hears
   * of the jobs before the lease commits.
   */
  async claimNext(
    workerId: string,
    limit: number,
    leaseMs: number,
    { expiredLeases = true, onLocked }: ClaimOptions = {},
  ): Promise<ClaimResult> {
    const lease = { workerId, limit, leaseMs, now: Date.now(), expiredLeases };
    if (this.mysql) return this.mysql.claim(lease, onLocked);
    return runInTransaction(this.dataSource, async (manager) => {
      const claims = await this.leaseInOneStatement(manager, lease);
      if (claims.length === 0) return { claims: [], events: [] };
      onLocked?.(claims);
      await runStatement(manager, markOrdersProcessing(claims.map(({ orderId }) => orderId), lease.now));
      const events = await appendEvents(manager, claims.map((claim) => processingEvent(claim, lease.now)));
      return { claims, events };
    });
  }

  /** Finishes the job and moves the order to paid/failed. Returns no events when the lease was lost. */
  async complete(claim: JobClaim, outcome: PaymentOutcome): Promise<OrderEventDto[]> {
    const [events] = await this.completeMany([{ claim, outcome }]);
    return events;
  }

  /**
   * `complete` for a whole charged batch in one transaction: a handful of
   * statements and one commit however many jobs. Returns each settlement's
   * events in the order given; none for a job whose lease was lost (another
   * worker re-claimed it after ours expired: it is theirs to settle).
   */
  async completeMany(settlements: readonly JobSettlement[]): Promise<OrderEventDto[][]> {
    if (settlements.length === 0) return [];
    if (this.mysql) return this.mysql.settle(settlements);
    // SQLite has no row locks; should another process write in between, our first
    // write fails busy and the transaction is retried.
    return runInTransaction(this.dataSource, async (manager) => {
      const now = Date.now();
      const jobIds = settlements.map(({ claim }) => claim.jobId);
      const held = heldSettlements(settlements, await runStatement<LeaseRow[]>(manager, selectLeases(jobIds, { lock: false })));
      if (held.length === 0) return settlements.map(() => []);
      await runEach(manager, settlementWrites(held, now));
      const events = await appendEvents(manager, held.map((settlement) => settledEvent(settlement, now)));
      return eventsPerSettlement(settlements, held, events);
    });
  }

  /** Puts the job back in the queue until `now + delayMs`, recording why. */
  async retryLater(claim: JobClaim, error: string, delayMs: number): Promise<OrderEventDto[]> {
    return runInTransaction(this.dataSource, async (manager) => {
      const now = Date.now();
      const requeued = await this.releaseLease(
        manager,
        claim,
        { status: PaymentJobStatus.Queued, lastError: error, availableAt: now + delayMs },
        now,
      );
      if (!requeued) return [];
      return appendEvents(manager, [
        orderEvent(claim, OrderEventType.PaymentRetrying, OrderStatus.Processing, now, {
          attempt: claim.attempt,
          retryInMs: delayMs,
          error,
        }),
      ]);
    });
  }

  /** Gives up on the job: it is dead and its order failed with `reason`. */
  async bury(claim: JobClaim, reason: string): Promise<OrderEventDto[]> {
    return runInTransaction(this.dataSource, async (manager) => {
      const now = Date.now();
      if (!(await this.releaseLease(manager, claim, { status: PaymentJobStatus.Dead, lastError: reason }, now))) return [];
      await runStatement(manager, markOrdersFailed([{ orderId: claim.orderId, reason }], now));
      return appendEvents(manager, [
        orderEvent(claim, OrderEventType.Failed, OrderStatus.Failed, now, { reason, attempt: claim.attempt }),
      ]);
    });
  }

  async queueStats(): Promise<QueueStats> {
    const row: { depth: string | number; oldest: string | number | null } | undefined = await this.dataSource
      .getRepository(PaymentJobEntity)
      .createQueryBuilder('job')
      .select('COUNT(*)', 'depth')
      .addSelect('MIN(job.createdAt)', 'oldest')
      .where({ status: In(IN_QUEUE) })
      .getRawOne();
    const oldest = row?.oldest == null ? null : Number(row.oldest);
    return { depth: Number(row?.depth ?? 0), oldestAgeMs: oldest === null ? 0 : Date.now() - oldest };
  }

  /**
   * Puts dead jobs back in the queue with fresh attempts (all of them, or those
   * of `orderIds`), and their failed orders back to processing, with an event each.
   */
  async requeueDead(orderIds?: readonly string[]): Promise<OrderEventDto[]> {
    return runInTransaction(this.dataSource, async (manager) => {
      const now = Date.now();
      // Locked, so two operators requeueing at once cannot both revive the same job.
      const dead = await manager.find(PaymentJobEntity, {
        where: { status: PaymentJobStatus.Dead, ...(orderIds ? { orderId: In([...orderIds]) } : {}) },
        ...(isMysql(this.dataSource) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      });
      if (dead.length === 0) return [];
      await manager
        .createQueryBuilder()
        .update(PaymentJobEntity)
        .set({ status: PaymentJobStatus.Queued, attempts: 0, availableAt: now, lockedBy: null, updatedAt: now })
        .where({ id: In(dead.map((job) => job.id)), status: PaymentJobStatus.Dead })
        .execute();
      await manager
        .createQueryBuilder()
        .update(OrderEntity)
        .set({ status: OrderStatus.Processing, failureReason: null, updatedAt: now })
        .where({ id: In(dead.map((job) => job.orderId)), status: OrderStatus.Failed })
        .execute();
      return appendEvents(
        manager,
        dead.map((job) => ({
          orderId: job.orderId,
          type: OrderEventType.PaymentRequeued,
          status: OrderStatus.Processing,
          source: 'queue-worker' as const,
          correlationId: job.correlationId,
          data: { previousError: job.lastError },
          occurredAt: now,
        })),
      );
    });
  }

  /**
   * SQLite has no row locks; it serialises writers instead. Selecting and
   * updating in one statement makes the claim atomic without a read-then-write race.
   */
  private async leaseInOneStatement(manager: EntityManager, lease: LeaseRequest): Promise<JobClaim[]> {
    const statuses = claimableStatuses(lease);
    const rows: LeasedJobRow[] = await manager.query(
      `UPDATE payment_jobs
          SET status = ?, locked_by = ?, available_at = ?, attempts = attempts + 1, updated_at = ?
        WHERE id IN (SELECT id FROM payment_jobs
                      WHERE status IN (${placeholders(statuses.length)}) AND available_at <= ?
                      ORDER BY available_at LIMIT ?)
      RETURNING ${LEASED_COLUMNS}`,
      [PaymentJobStatus.Running, lease.workerId, lease.now + lease.leaseMs, lease.now, ...statuses, lease.now, lease.limit],
    );
    // RETURNING gives the rows as updated: `attempts` counts this attempt.
    return rows.map((row) => claimOf(row, lease.workerId));
  }

  /** Ends the lease if this claim still holds it; false when another worker has taken over. */
  private async releaseLease(
    manager: EntityManager,
    claim: JobClaim,
    changes: Partial<Pick<PaymentJobEntity, 'status' | 'lastError' | 'availableAt'>>,
    now: number,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(PaymentJobEntity)
      .set({ ...changes, lockedBy: null, updatedAt: now })
      .where({ id: claim.jobId, status: PaymentJobStatus.Running, lockedBy: claim.workerId, attempts: claim.attempt })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
