import type { OrderEntity } from '../entities/order.entity';
import { PaymentJobStatus } from '../entities/payment-job.entity';

/**
 * The checkout's INSERTs as plain parameterised SQL, the same on MySQL and SQLite: this is
 * the hot path of every checkout, and TypeORM's insert builder costs more CPU than the
 * database does here — and re-reads the job row for its column default after inserting it.
 */
export const INSERT_ORDER =
  'INSERT INTO orders (id, customer_name, product_name, quantity, amount, status, failure_reason, correlation_id, ' +
  'idempotency_key, request_fingerprint, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/** A new job: not yet attempted, due at once, leased by nobody. */
export const INSERT_QUEUED_JOB =
  'INSERT INTO payment_jobs (order_id, amount, status, attempts, available_at, locked_by, last_error, correlation_id, ' +
  'created_at, updated_at) VALUES (?, ?, ?, 0, ?, NULL, NULL, ?, ?, ?)';

export function orderValues(order: OrderEntity): unknown[] {
  return [
    order.id,
    order.customerName,
    order.productName,
    order.quantity,
    order.amount,
    order.status,
    order.failureReason,
    order.correlationId,
    order.idempotencyKey,
    order.requestFingerprint,
    order.createdAt,
    order.updatedAt,
  ];
}

/** The job of a new order, due at once. */
export function queuedJobValues(order: OrderEntity): unknown[] {
  const now = order.createdAt;
  return [order.id, order.amount, PaymentJobStatus.Queued, now, order.correlationId, now, now];
}
