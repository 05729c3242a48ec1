import type { OrderEntity } from '../entities/order.entity';
import { PaymentJobStatus } from '../entities/payment-job.entity';
import { insertRows, type Statement } from '@mini-commerce/service-chassis';

/**
 * The checkout's INSERTs as plain parameterised SQL, the same on MySQL and SQLite, one
 * row per order: this is the hot path of every checkout, and TypeORM's insert builder
 * costs more CPU than the database does here — and re-reads the job row for its column
 * default after inserting it.
 */
const INSERT_ORDERS =
  'INSERT INTO orders (id, customer_name, product_name, quantity, amount, status, failure_reason, correlation_id, ' +
  'idempotency_key, request_fingerprint, created_at, updated_at) VALUES ';
const ORDER_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/** A new job: not yet attempted, due at once, leased by nobody. */
const INSERT_QUEUED_JOBS =
  'INSERT INTO payment_jobs (order_id, amount, status, attempts, available_at, locked_by, last_error, correlation_id, ' +
  'created_at, updated_at) VALUES ';
const QUEUED_JOB_ROW = '(?, ?, ?, 0, ?, NULL, NULL, ?, ?, ?)';

export function insertOrders(orders: readonly OrderEntity[]): Statement {
  return insertRows(INSERT_ORDERS, ORDER_ROW, orders, orderValues);
}

/** The jobs of new orders, due at once. */
export function insertQueuedJobs(orders: readonly OrderEntity[]): Statement {
  return insertRows(INSERT_QUEUED_JOBS, QUEUED_JOB_ROW, orders, queuedJobValues);
}

function orderValues(order: OrderEntity): unknown[] {
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

function queuedJobValues(order: OrderEntity): unknown[] {
  const now = order.createdAt;
  return [order.id, order.amount, PaymentJobStatus.Queued, now, order.correlationId, now, now];
}
