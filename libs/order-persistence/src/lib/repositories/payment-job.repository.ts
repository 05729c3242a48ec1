import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { OrderEventType, OrderStatus, TERMINAL_ORDER_STATUSES, type OrderEventDto } from '@mini-commerce/contracts';
import { isMysql, runInTransaction } from '@mini-commerce/service-chassis';
import { OrderEntity } from '../entities/order.entity';
import { PaymentJobEntity, PaymentJobStatus } from '../entities/payment-job.entity';
import { appendEvents, type NewOrderEvent } from './append-events';
import type { JobClaim, JobSettlement, PaymentOutcome } from './job-claim';

const CLAIMABLE = [PaymentJobStatus.Queued, PaymentJobStatus.Running];

export interface QueueStats {
  /** Jobs not finished: waiting, retrying or leased. */
  depth: number;
  /** Age of the oldest unfinished job in ms; 0 when the queue is empty. */
  oldestAgeMs: number;
}

export interface ClaimResult {
  claims: JobClaim[];
  events: OrderEventDto[];
}

@Injectable()
export class PaymentJobRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Leases up to `limit` due jobs (queued and available, or running with an
   * expired lease) to `workerId` for `leaseMs`, moves their orders to
   * `processing` and records `order.processing`, all in one transaction.
   */
  async claimNext(workerId: string, limit: number, leaseMs: number): Promise<ClaimResult> {
    return runInTransaction(this.dataSource, async (manager) => {
      const now = Date.now();
      const jobs = isMysql(this.dataSource)
        ? await this.leaseWithSkipLocked(manager, { workerId, limit, leaseMs, now })
        : await this.leaseInOneStatement(manager, { workerId, limit, leaseMs, now });
      if (jobs.length === 0) return { claims: [], events: [] };

      await manager
        .createQueryBuilder()
        .update(OrderEntity)
        .set({ status: OrderStatus.Processing, updatedAt: now })
        .where({ id: In(jobs.map((job) => job.orderId)), status: OrderStatus.Pending })
        .execute();

      const claims = jobs.map<JobClaim>((job) => ({ ...job, workerId }));
      const events = await appendEvents(
        manager,
        claims.map((claim) =>
          orderEvent(claim, OrderEventType.Processing, OrderStatus.Processing, now, { workerId, attempt: claim.attempt }),
        ),
      );
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
   * events in the order given; none for a job whose lease was lost.
   */
  async completeMany(settlements: readonly JobSettlement[]): Promise<OrderEventDto[][]> {
    if (settlements.length === 0) return [];
    return runInTransaction(this.dataSource, async (manager) => {
      const now = Date.now();
      const held = await this.lockHeldLeases(manager, settlements);
      if (held.length === 0) return settlements.map(() => []);
      const paidOrderIds = held.filter(({ outcome }) => outcome.paid).map(({ claim }) => claim.orderId);
      const declines = held.flatMap(({ claim, outcome }) =>
        outcome.paid ? [] : [{ orderId: claim.orderId, reason: outcome.reason }],
      );
      await this.markJobsDone(manager, held.map(({ claim }) => claim.jobId), now);
      await this.markOrdersPaid(manager, paidOrderIds, now);
      await this.markOrdersDeclined(manager, declines, now);
      const events = await appendEvents(manager, held.map((settlement) => settledEvent(settlement, now)));
      const eventsByJob = new Map(held.map(({ claim }, index) => [claim.jobId, events[index]]));
      return settlements.map(({ claim }) => {
        const event = eventsByJob.get(claim.jobId);
        return event ? [event] : [];
      });
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
      await this.finishOrder(manager, claim.orderId, OrderStatus.Failed, reason, now);
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
      .where({ status: In(CLAIMABLE) })
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
   * One index range per status (expired leases first: they have waited
   * longest), each read in `(status, available_at)` order. A single
   * `status IN (…) ORDER BY available_at` would need a filesort, which makes
   * InnoDB lock every due row and starves the other workers.
   */
  private async leaseWithSkipLocked(manager: EntityManager, lease: LeaseRequest): Promise<LeasedJob[]> {
    const leased: LeasedJob[] = [];
    for (const status of [PaymentJobStatus.Running, PaymentJobStatus.Queued]) {
      if (leased.length >= lease.limit) break;
      const due = await manager
        .createQueryBuilder(PaymentJobEntity, 'job')
        // Everything a claim needs, so the leased rows need not be read again.
        .select(['job.id', 'job.orderId', 'job.amount', 'job.attempts', 'job.correlationId'])
        .where('job.status = :status', { status })
        .andWhere('job.availableAt <= :now', { now: lease.now })
        .orderBy('job.availableAt', 'ASC')
        .limit(lease.limit - leased.length)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      // The UPDATE below counts this attempt.
      leased.push(...due.map((job) => leasedJob({ ...job, attempts: job.attempts + 1 })));
    }
    if (leased.length > 0) {
      await manager
        .createQueryBuilder()
        .update(PaymentJobEntity)
        .set(leaseColumns(lease))
        .where({ id: In(leased.map((job) => job.jobId)) })
        .execute();
    }
    return leased;
  }

  /**
   * SQLite has no row locks; it serialises writers instead. Selecting and
   * updating in one statement makes the claim atomic without a read-then-write race.
   */
  private async leaseInOneStatement(manager: EntityManager, lease: LeaseRequest): Promise<LeasedJob[]> {
    const rows: LeasedJobRow[] = await manager.query(
      `UPDATE payment_jobs
          SET status = ?, locked_by = ?, available_at = ?, attempts = attempts + 1, updated_at = ?
        WHERE id IN (SELECT id FROM payment_jobs
                      WHERE status IN (?, ?) AND available_at <= ?
                      ORDER BY available_at LIMIT ?)
      RETURNING id, order_id AS orderId, amount, attempts, correlation_id AS correlationId`,
      [
        PaymentJobStatus.Running,
        lease.workerId,
        lease.now + lease.leaseMs,
        lease.now,
        ...CLAIMABLE,
        lease.now,
        lease.limit,
      ],
    );
    return rows.map(leasedJob);
  }

  /**
   * Locks the batch's job rows and keeps the settlements whose claim still holds
   * its lease, as `releaseLease` checks it: a job another worker re-claimed after
   * our lease expired is theirs to settle. SQLite has no row locks; should another
   * process write in between, our first write fails busy and the transaction is retried.
   */
  private async lockHeldLeases(manager: EntityManager, settlements: readonly JobSettlement[]): Promise<JobSettlement[]> {
    const rows = await manager.find(PaymentJobEntity, {
      select: { id: true, status: true, lockedBy: true, attempts: true },
      where: { id: In(settlements.map(({ claim }) => claim.jobId)) },
      ...(isMysql(this.dataSource) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    const leases = new Map(rows.map((row) => [Number(row.id), row]));
    return settlements.filter(({ claim }) => {
      const row = leases.get(claim.jobId);
      return (
        row?.status === PaymentJobStatus.Running && row.lockedBy === claim.workerId && row.attempts === claim.attempt
      );
    });
  }

  /** Only called with jobs whose rows `lockHeldLeases` locked and found running under our lease. */
  private async markJobsDone(manager: EntityManager, jobIds: number[], now: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(PaymentJobEntity)
      .set({ status: PaymentJobStatus.Done, lastError: null, lockedBy: null, updatedAt: now })
      .where({ id: In(jobIds) })
      .execute();
  }

  private async markOrdersPaid(manager: EntityManager, orderIds: string[], now: number): Promise<void> {
    if (orderIds.length === 0) return;
    await manager
      .createQueryBuilder()
      .update(OrderEntity)
      .set({ status: OrderStatus.Paid, failureReason: null, updatedAt: now })
      .where({ id: In(orderIds) })
      .andWhere('status NOT IN (:...terminal)', { terminal: TERMINAL_ORDER_STATUSES })
      .execute();
  }

  /** One statement for all declined orders: each gets its own reason through a CASE on the order id. */
  private async markOrdersDeclined(manager: EntityManager, declines: Decline[], now: number): Promise<void> {
    if (declines.length === 0) return;
    const reasons: Record<string, string> = {};
    const cases = declines.map(({ orderId, reason }, index) => {
      reasons[`declinedOrder${index}`] = orderId;
      reasons[`declineReason${index}`] = reason;
      return `WHEN :declinedOrder${index} THEN :declineReason${index}`;
    });
    await manager
      .createQueryBuilder()
      .update(OrderEntity)
      .set({ status: OrderStatus.Failed, failureReason: () => `CASE id ${cases.join(' ')} END`, updatedAt: now })
      .where({ id: In(declines.map(({ orderId }) => orderId)) })
      .andWhere('status NOT IN (:...terminal)', { terminal: TERMINAL_ORDER_STATUSES })
      .setParameters(reasons)
      .execute();
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

  private async finishOrder(
    manager: EntityManager,
    orderId: string,
    status: OrderStatus,
    failureReason: string | null,
    now: number,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(OrderEntity)
      .set({ status, failureReason, updatedAt: now })
      .where('id = :orderId', { orderId })
      .andWhere('status NOT IN (:...terminal)', { terminal: TERMINAL_ORDER_STATUSES })
      .execute();
  }
}

interface Decline {
  orderId: string;
  reason: string;
}

/** A job row as leased: `attempts` already counts this attempt. */
type LeasedJobRow = Pick<PaymentJobEntity, 'orderId' | 'amount' | 'attempts' | 'correlationId'> & { id: number | string };

type LeasedJob = Omit<JobClaim, 'workerId'>;

function leasedJob({ id, orderId, amount, attempts, correlationId }: LeasedJobRow): LeasedJob {
  return { jobId: Number(id), orderId, amount: Number(amount), attempt: Number(attempts), correlationId };
}

interface LeaseRequest {
  workerId: string;
  limit: number;
  leaseMs: number;
  now: number;
}

function leaseColumns(lease: LeaseRequest) {
  return {
    status: PaymentJobStatus.Running,
    lockedBy: lease.workerId,
    availableAt: lease.now + lease.leaseMs,
    attempts: () => 'attempts + 1',
    updatedAt: lease.now,
  };
}

function declineReason(outcome: PaymentOutcome): string | null {
  return outcome.paid ? null : outcome.reason;
}

/** The job's terminal event: order.paid or order.failed, with the payment that decided it. */
function settledEvent({ claim, outcome }: JobSettlement, now: number): NewOrderEvent {
  const reason = declineReason(outcome);
  const [type, status] = outcome.paid ? [OrderEventType.Paid, OrderStatus.Paid] : [OrderEventType.Failed, OrderStatus.Failed];
  return orderEvent(claim, type, status, now, {
    paymentId: outcome.paymentId,
    ...(outcome.chargedAt ? { chargedAt: outcome.chargedAt } : {}),
    workerId: claim.workerId,
    attempt: claim.attempt,
    ...(reason ? { reason } : {}),
  });
}

function orderEvent(
  claim: JobClaim,
  type: OrderEventType,
  status: OrderStatus,
  now: number,
  data: Record<string, unknown>,
): NewOrderEvent {
  return {
    orderId: claim.orderId,
    type,
    status,
    source: 'queue-worker',
    correlationId: claim.correlationId,
    data,
    occurredAt: now,
  };
}
