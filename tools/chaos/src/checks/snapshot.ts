import { queryRows } from '@mini-commerce/system-harness';
import type { ChaosSystem } from '../system/chaos-system';
import type { EventRow, JobRow, OrderRow, PaymentRow } from './history';

export interface DatabaseSnapshot {
  orders: OrderRow[];
  events: EventRow[];
  payments: PaymentRow[];
  jobs: JobRow[];
}

/** Everything the checks need, read straight from the test database (not through the services). */
export async function readSnapshot(system: ChaosSystem): Promise<DatabaseSnapshot> {
  const [orders, events, payments, jobs] = await Promise.all([
    queryRows(system.sut, 'SELECT id, status, amount, idempotency_key, correlation_id FROM orders'),
    queryRows(system.sut, 'SELECT id, order_id, type, data FROM order_events ORDER BY id'),
    queryRows(system.sut, 'SELECT id, order_id, status, amount FROM payments'),
    queryRows(system.sut, 'SELECT order_id, status, attempts, locked_by, last_error FROM payment_jobs'),
  ]);
  return {
    orders: orders.map((row) => ({
      id: String(row['id']),
      status: String(row['status']),
      amount: Number(row['amount']),
      idempotencyKey: row['idempotency_key'] === null ? null : String(row['idempotency_key']),
      correlationId: String(row['correlation_id']),
    })),
    events: events.map((row) => ({
      id: Number(row['id']),
      orderId: String(row['order_id']),
      type: String(row['type']),
      data: parseData(row['data']),
    })),
    payments: payments.map((row) => ({
      id: String(row['id']),
      orderId: String(row['order_id']),
      status: String(row['status']),
      amount: Number(row['amount']),
    })),
    jobs: jobs.map((row) => ({
      orderId: String(row['order_id']),
      status: String(row['status']),
      attempts: Number(row['attempts']),
      lockedBy: row['locked_by'] === null ? null : String(row['locked_by']),
      lastError: row['last_error'] === null ? null : String(row['last_error']),
    })),
  };
}

function parseData(value: unknown): Record<string, unknown> {
  try {
    return JSON.parse(String(value)) as Record<string, unknown>;
  } catch {
    return { unparsable: String(value) };
  }
}
