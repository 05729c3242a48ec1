import { createHash, randomUUID } from 'node:crypto';
import type { Pool, ResultSetHeader } from 'mysql2/promise';
import { createPool } from 'mysql2/promise';

export interface BareOrderInput {
  customerName: string;
  productName: string;
  quantity: number;
  amount: number;
}

export interface BareOrder extends BareOrderInput {
  id: string;
  status: 'pending';
  failureReason: null;
  correlationId: string;
  createdAt: string;
  updatedAt: string;
}

export interface BareEvent {
  id: number;
  type: 'order.created';
  orderId: string;
  status: 'pending';
  source: 'order';
  correlationId: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface BareCheckout {
  input: BareOrderInput;
  correlationId: string;
}

/**
 * The same pool settings as the services (libs/service-chassis data-source-options), with
 * multiple statements on, as on order's checkout pool (libs/order-persistence multi-statement-pool).
 */
export function createOrderPool(databaseUrl: string, connectionLimit = 10): Pool {
  return createPool({
    uri: databaseUrl,
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectTimeout: 2_000,
    connectionLimit,
    waitForConnections: true,
    queueLimit: 0,
    multipleStatements: true,
  });
}

const INSERT_ORDERS =
  'INSERT INTO `orders`(`id`, `customer_name`, `product_name`, `quantity`, `amount`, `status`, `failure_reason`, `correlation_id`, `idempotency_key`, `request_fingerprint`, `created_at`, `updated_at`) VALUES ';
const INSERT_JOBS =
  'INSERT INTO `payment_jobs`(`order_id`, `amount`, `status`, `attempts`, `available_at`, `locked_by`, `last_error`, `correlation_id`, `created_at`, `updated_at`) VALUES ';
const INSERT_EVENTS = 'INSERT INTO `order_events`(`order_id`, `type`, `status`, `source`, `correlation_id`, `data`, `occurred_at`) VALUES ';
const rows = (count: number, row: string) => Array.from({ length: count }, () => row).join(', ');

/**
 * Order acceptance with nothing around it, as order does it on MySQL
 * (`MysqlCheckoutBatch`): for a group of checkouts, READ COMMITTED, then one
 * transaction with one multi-row INSERT each for the orders, their payment jobs and
 * their `order.created` events, all in one multi-statement round trip, into the same
 * tables and columns (libs/order-persistence migrations), including the request
 * fingerprint order stores for idempotent checkout. (No Idempotency-Key is sent by the
 * benchmark, so there is no key lookup.) Event ids are counted from the first one, as
 * InnoDB's default auto-increment lock mode allows.
 */
export async function insertOrdersWithJobs(pool: Pool, checkouts: readonly BareCheckout[]): Promise<Array<{ order: BareOrder; event: BareEvent }>> {
  const now = Date.now();
  const at = new Date(now).toISOString();
  const orders = checkouts.map(({ input, correlationId }) => {
    const order: BareOrder = { id: randomUUID(), ...input, status: 'pending', failureReason: null, correlationId, createdAt: at, updatedAt: at };
    const data = { customerName: input.customerName, productName: input.productName, quantity: input.quantity, amount: input.amount };
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([input.customerName, input.productName, input.quantity, input.amount]))
      .digest('hex');
    return { order, data, fingerprint };
  });
  const sql = [
    'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
    'START TRANSACTION',
    INSERT_ORDERS + rows(orders.length, "(?, ?, ?, ?, ?, 'pending', NULL, ?, NULL, ?, ?, ?)"),
    INSERT_JOBS + rows(orders.length, "(?, ?, 'queued', 0, ?, NULL, NULL, ?, ?, ?)"),
    INSERT_EVENTS + rows(orders.length, "(?, 'order.created', 'pending', 'order', ?, ?, ?)"),
    'COMMIT',
  ].join(';\n');
  const values = [
    ...orders.flatMap(({ order, fingerprint }) => [
      order.id, order.customerName, order.productName, order.quantity, order.amount, order.correlationId, fingerprint, now, now,
    ]),
    ...orders.flatMap(({ order }) => [order.id, order.amount, now, order.correlationId, now, now]),
    ...orders.flatMap(({ order, data }) => [order.id, order.correlationId, JSON.stringify(data), now]),
  ];
  const connection = await pool.getConnection();
  try {
    const [results] = await connection.query<ResultSetHeader[]>(sql, values);
    const firstEventId = results[4].insertId;
    return orders.map(({ order, data }, index) => ({
      order,
      event: { id: firstEventId + index, type: 'order.created', orderId: order.id, status: 'pending', source: 'order', correlationId: order.correlationId, data, occurredAt: at },
    }));
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    connection.release();
  }
}

/** The checks CreateOrderDto makes, by hand; returns the problem or null. */
export function validateOrder(body: unknown): { order: BareOrderInput } | { problem: string } {
  if (typeof body !== 'object' || body === null) return { problem: 'body must be a JSON object' };
  const input = body as Record<string, unknown>;
  const allowed = new Set(['customerName', 'productName', 'quantity', 'amount']);
  const unknown = Object.keys(input).find((key) => !allowed.has(key));
  if (unknown) return { problem: `property ${unknown} should not exist` };
  for (const field of ['customerName', 'productName'] as const) {
    const value = typeof input[field] === 'string' ? (input[field] as string).trim() : input[field];
    if (typeof value !== 'string') return { problem: `${field} must be a string` };
    if (value.length === 0) return { problem: `${field} should not be empty` };
    if (value.length > 100) return { problem: `${field} must be shorter than or equal to 100 characters` };
    input[field] = value;
  }
  const integerIn = (field: string, min: number, max: number) => {
    const value = input[field];
    if (!Number.isInteger(value)) return `${field} must be an integer number`;
    if ((value as number) < min) return `${field} must not be less than ${min}`;
    if ((value as number) > max) return `${field} must not be greater than ${max}`;
    return null;
  };
  const problem = integerIn('quantity', 1, 1_000) ?? integerIn('amount', 1, 1_000_000_000);
  if (problem) return { problem };
  return { order: input as unknown as BareOrderInput };
}
