import { OrderStatus, TERMINAL_ORDER_STATUSES, type OrderEventDto } from '@mini-commerce/contracts';
import { PaymentJobStatus } from '../entities/payment-job.entity';
import type { JobClaim, JobSettlement } from './job-claim';
import { placeholders, type Statement } from '@mini-commerce/service-chassis';

/*
 * The claim's and the settlement's SQL, the same on MySQL and SQLite. Every paid order
 * passes through them twice: on MySQL they go to the server in few multi-statement round
 * trips (MysqlJobTransactions), on SQLite one by one inside a TypeORM transaction.
 */

export interface LeaseRequest {
  workerId: string;
  limit: number;
  leaseMs: number;
  now: number;
  /** Also take jobs whose lease expired (their worker died), before queued ones. */
  expiredLeases: boolean;
}

/** An order to fail, and why. */
export interface OrderFailure {
  orderId: string;
  reason: string;
}

/** What a claim needs of a job row, under the names LeasedJobRow uses. */
export const LEASED_COLUMNS = 'id, order_id AS orderId, amount, attempts, correlation_id AS correlationId';

/** A job row as a claim reads it. */
export interface LeasedJobRow {
  id: number | string;
  orderId: string;
  amount: number | string;
  attempts: number | string;
  correlationId: string;
}

/** A leased job row's lease, to check that a settlement still holds it. */
export interface LeaseRow {
  id: number | string;
  status: PaymentJobStatus;
  lockedBy: string | null;
  attempts: number | string;
}

const TERMINAL = placeholders(TERMINAL_ORDER_STATUSES.length);

/** What a claim takes, in the order it takes them: expired leases (they waited longest), then queued jobs. */
export function claimableStatuses({ expiredLeases }: LeaseRequest): PaymentJobStatus[] {
  return expiredLeases ? [PaymentJobStatus.Running, PaymentJobStatus.Queued] : [PaymentJobStatus.Queued];
}

/** MySQL: the due jobs of one status, oldest first, locked, skipping rows other workers hold. */
export function lockDueJobs(status: PaymentJobStatus, lease: LeaseRequest, limit: number): Statement {
  return {
    sql:
      `SELECT ${LEASED_COLUMNS} FROM payment_jobs WHERE status = ? AND available_at <= ? ` +
      'ORDER BY available_at LIMIT ? FOR UPDATE SKIP LOCKED',
    values: [status, lease.now, limit],
  };
}

/** Leases the jobs to `lease.workerId` until `now + leaseMs`, counting the attempt. */
export function leaseJobs(jobIds: readonly number[], lease: LeaseRequest): Statement {
  return {
    sql:
      'UPDATE payment_jobs SET status = ?, locked_by = ?, available_at = ?, attempts = attempts + 1, updated_at = ? ' +
      `WHERE id IN (${placeholders(jobIds.length)})`,
    values: [PaymentJobStatus.Running, lease.workerId, lease.now + lease.leaseMs, lease.now, ...jobIds],
  };
}

/** Pending orders only: an order already past pending (a retried job's) keeps its status. */
export function markOrdersProcessing(orderIds: readonly string[], now: number): Statement {
  return {
    sql: `UPDATE orders SET status = ?, updated_at = ? WHERE id IN (${placeholders(orderIds.length)}) AND status = ?`,
    values: [OrderStatus.Processing, now, ...orderIds, OrderStatus.Pending],
  };
}

/** The leases of these jobs, to be checked before settling them (MySQL: locked until COMMIT). */
export function selectLeases(jobIds: readonly number[], { lock }: { lock: boolean }): Statement {
  return {
    sql:
      `SELECT id, status, locked_by AS lockedBy, attempts FROM payment_jobs WHERE id IN (${placeholders(jobIds.length)})` +
      (lock ? ' FOR UPDATE' : ''),
    values: [...jobIds],
  };
}

/** Only for jobs whose leases were locked and found held. */
function markJobsDone(jobIds: readonly number[], now: number): Statement {
  return {
    sql:
      'UPDATE payment_jobs SET status = ?, last_error = NULL, locked_by = NULL, updated_at = ? ' +
      `WHERE id IN (${placeholders(jobIds.length)})`,
    values: [PaymentJobStatus.Done, now, ...jobIds],
  };
}

function markOrdersPaid(orderIds: readonly string[], now: number): Statement {
  return {
    sql:
      'UPDATE orders SET status = ?, failure_reason = NULL, updated_at = ? ' +
      `WHERE id IN (${placeholders(orderIds.length)}) AND status NOT IN (${TERMINAL})`,
    values: [OrderStatus.Paid, now, ...orderIds, ...TERMINAL_ORDER_STATUSES],
  };
}

/**
 * Fails the orders not yet paid or failed, each with its own reason (a CASE on the order
 * id): declined charges in a settlement, a job given up on in `bury`.
 */
export function markOrdersFailed(failures: readonly OrderFailure[], now: number): Statement {
  const orderIds = failures.map(({ orderId }) => orderId);
  return {
    sql:
      `UPDATE orders SET status = ?, failure_reason = CASE id ${failures.map(() => 'WHEN ? THEN ?').join(' ')} END, ` +
      `updated_at = ? WHERE id IN (${placeholders(failures.length)}) AND status NOT IN (${TERMINAL})`,
    values: [
      OrderStatus.Failed,
      ...failures.flatMap(({ orderId, reason }) => [orderId, reason]),
      now,
      ...orderIds,
      ...TERMINAL_ORDER_STATUSES,
    ],
  };
}

/** The claim a leased row gives; `attempts` must already count this attempt. */
export function claimOf({ id, orderId, amount, attempts, correlationId }: LeasedJobRow, workerId: string): JobClaim {
  return { jobId: Number(id), orderId, amount: Number(amount), attempt: Number(attempts), workerId, correlationId };
}

/** A settlement still holds its lease when the job runs under the same worker and attempt. */
function holdsLease(claim: JobClaim, row: LeaseRow | undefined): boolean {
  return row?.status === PaymentJobStatus.Running && row.lockedBy === claim.workerId && Number(row.attempts) === claim.attempt;
}

/** The settlements whose claims still hold their leases, as read by `selectLeases`. */
export function heldSettlements(settlements: readonly JobSettlement[], leases: readonly LeaseRow[]): JobSettlement[] {
  const byId = new Map(leases.map((row) => [Number(row.id), row]));
  return settlements.filter(({ claim }) => holdsLease(claim, byId.get(claim.jobId)));
}

/** Settling held jobs: the jobs done, their orders paid or failed (the events are the caller's). */
export function settlementWrites(held: readonly JobSettlement[], now: number): Statement[] {
  const paidOrderIds = held.filter(({ outcome }) => outcome.paid).map(({ claim }) => claim.orderId);
  const declines = held.flatMap(({ claim, outcome }) => (outcome.paid ? [] : [{ orderId: claim.orderId, reason: outcome.reason }]));
  return [
    markJobsDone(held.map(({ claim }) => claim.jobId), now),
    ...(paidOrderIds.length > 0 ? [markOrdersPaid(paidOrderIds, now)] : []),
    ...(declines.length > 0 ? [markOrdersFailed(declines, now)] : []),
  ];
}

/** Each settlement's events, in the order given: the held ones' event, none for a lost lease. */
export function eventsPerSettlement(
  settlements: readonly JobSettlement[],
  held: readonly JobSettlement[],
  events: readonly OrderEventDto[],
): OrderEventDto[][] {
  const eventsByJob = new Map(held.map(({ claim }, index) => [claim.jobId, events[index]]));
  return settlements.map(({ claim }) => {
    const event = eventsByJob.get(claim.jobId);
    return event ? [event] : [];
  });
}
