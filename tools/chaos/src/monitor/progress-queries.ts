import { OrderStatus, OrderEventType } from '@mini-commerce/contracts';
import { queryRows } from '@mini-commerce/system-harness';
import { sseKey } from '../checks/history';
import type { ChaosSystem } from '../system/chaos-system';

const UNFINISHED = [OrderStatus.Pending, OrderStatus.Processing];

/** Ids of orders not yet paid or failed. */
export async function unfinishedOrderIds(system: ChaosSystem): Promise<Set<string>> {
  const rows = await queryRows(system.sut, 'SELECT id FROM orders WHERE status IN (?)', [UNFINISHED]);
  return new Set(rows.map((row) => String(row['id'])));
}

export interface OrderProgress {
  status: string;
  /** When the order last changed (epoch ms): for a paid/failed order, when it was decided. */
  updatedAt: number;
}

export async function progressOf(system: ChaosSystem, ids: readonly string[]): Promise<Map<string, OrderProgress>> {
  const found = new Map<string, OrderProgress>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await queryRows(system.sut, 'SELECT id, status, updated_at FROM orders WHERE id IN (?)', [ids.slice(i, i + 500)]);
    for (const row of rows) found.set(String(row['id']), { status: String(row['status']), updatedAt: Number(row['updated_at']) });
  }
  return found;
}

/** Orders not yet decided, payment jobs not yet finished, and how many orders exist at all. */
export async function unfinishedWork(system: ChaosSystem): Promise<{ orders: number; jobs: number; total: number }> {
  const [orders] = await queryRows(
    system.sut,
    'SELECT COUNT(*) AS total, COALESCE(SUM(status IN (?)), 0) AS unfinished FROM orders',
    [UNFINISHED],
  );
  const [jobs] = await queryRows(system.sut, "SELECT COUNT(*) AS n FROM payment_jobs WHERE status IN ('queued', 'running')");
  return { orders: Number(orders['unfinished']), jobs: Number(jobs['n']), total: Number(orders['total']) };
}

/** Each order's last terminal event, as an sseKey: what every browser must have received. */
export async function terminalEventKeys(system: ChaosSystem): Promise<string[]> {
  const rows = await queryRows(
    system.sut,
    'SELECT order_id, MAX(id) AS id FROM order_events WHERE type IN (?) GROUP BY order_id',
    [[OrderEventType.Paid, OrderEventType.Failed]],
  );
  return rows.map((row) => sseKey(String(row['order_id']), Number(row['id'])));
}
