import { setTimeout as sleep } from 'node:timers/promises';
import { OrderStatus } from '@mini-commerce/contracts';
import type { PlacedOrder, SteadyLoad } from '../load/steady-load';
import type { ChaosSystem } from '../system/chaos-system';
import { progressOf, unfinishedOrderIds } from './progress-queries';

const POLL_MS = 200;

export interface Recovery {
  /** False when the backlog had not drained within the timeout. */
  recovered: boolean;
  /** See `measureRecovery`; null when not recovered. */
  recoveryMs: number | null;
  /** Orders that were unfinished (or whose checkout was still being retried) when the fault ended. */
  backlog: number;
  /** The first order placed after the fault ended. */
  probeOrderId: string | null;
}

/**
 * Recovery time of one injection: from the end of the fault (process restarted
 * and ready, proxy reopened) until the system has caught up, i.e. the later of
 *  - the backlog drained: every order that was unfinished when the fault ended,
 *    and every checkout still being retried then, is paid or failed; and
 *  - the probe: the first checkout started after the fault ended is paid or failed.
 * Both instants are the orders' own `updated_at` (the moment they were decided),
 * so the figure does not depend on how often this monitor polls. It includes the
 * pipeline's normal latency (about 0.1-0.2 s here: a 100 ms charge plus the hops).
 */
export async function measureRecovery(
  system: ChaosSystem,
  load: SteadyLoad,
  faultEndedAt: number,
  timeoutMs: number,
): Promise<Recovery> {
  const stillRetrying = load.orders.filter((order) => order.outcome === 'pending');
  const unfinished = await unfinishedOrderIds(system);
  const backlog: PlacedOrder[] = [
    ...stillRetrying,
    ...load.orders.filter((order) => order.outcome === 'accepted' && order.orderId && unfinished.has(order.orderId)),
  ];

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const probe = probeOrder(load, faultEndedAt);
    const waitingForAnswers = [...backlog, ...(probe ? [probe] : [])].some((order) => order.outcome === 'pending');
    if (probe?.orderId && !waitingForAnswers) {
      const watched = [...backlog, probe].flatMap((order) => (order.orderId ? [order.orderId] : []));
      const progress = await progressOf(system, watched);
      // An accepted order missing from the table is lost: the final checks report it; do not wait for it here.
      const decided = [...progress.values()];
      if (decided.every((order) => order.status === OrderStatus.Paid || order.status === OrderStatus.Failed)) {
        const caughtUpAt = Math.max(faultEndedAt, ...decided.map((order) => order.updatedAt));
        return { recovered: true, recoveryMs: caughtUpAt - faultEndedAt, backlog: backlog.length, probeOrderId: probe.orderId };
      }
    }
    await sleep(POLL_MS);
  }
  const probe = probeOrder(load, faultEndedAt);
  return { recovered: false, recoveryMs: null, backlog: backlog.length, probeOrderId: probe?.orderId ?? null };
}

/** The first checkout started after the fault ended that was (or may still be) accepted. */
function probeOrder(load: SteadyLoad, faultEndedAt: number): PlacedOrder | undefined {
  return load.orders.find(
    (order) => order.firstAttemptAt > faultEndedAt && (order.outcome === 'pending' || order.outcome === 'accepted'),
  );
}
