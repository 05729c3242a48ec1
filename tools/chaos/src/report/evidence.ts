import type { RunningService } from '@mini-commerce/system-harness';
import type { EventRow, JobRow, OrderRow, PaymentRow } from '../checks/history';
import type { Violation } from '../checks/invariants';
import type { DatabaseSnapshot } from '../checks/snapshot';

const MAX_ORDERS = 10;
const MAX_LOG_LINES = 60;
/** Evidence goes to the worst findings first. */
const SEVERITY: readonly string[] = ['lost', 'double-charged', 'stuck', 'payment-mismatch', 'invalid-history', 'sse-missed'];

/** What the database and the logs say about one violating order: enough to file a bug. */
export interface OrderEvidence {
  orderId: string;
  phase: string;
  kinds: string[];
  order: OrderRow | null;
  job: JobRow | null;
  payments: PaymentRow[];
  events: EventRow[];
  /** "[service] line" for every log line naming the order or its correlation id. */
  logLines: string[];
}

export function collectEvidence(
  violations: readonly Violation[],
  snapshot: DatabaseSnapshot,
  services: readonly RunningService[],
): OrderEvidence[] {
  const byOrder = new Map<string, Violation[]>();
  for (const violation of violations) {
    if (!violation.orderId) continue;
    byOrder.set(violation.orderId, [...(byOrder.get(violation.orderId) ?? []), violation]);
  }
  const worst = (found: readonly Violation[]) => Math.min(...found.map((violation) => SEVERITY.indexOf(violation.kind)));
  const ranked = [...byOrder.entries()].sort(([, a], [, b]) => worst(a) - worst(b));
  return ranked.slice(0, MAX_ORDERS).map(([orderId, found]) => {
    const order = snapshot.orders.find((row) => row.id === orderId) ?? null;
    const needles = [orderId, ...(order ? [order.correlationId] : [])];
    const logLines = services
      .flatMap((service) =>
        service.output
          .filter((line) => needles.some((needle) => line.includes(needle)))
          .map((line) => ({ time: logTime(line), text: `[${service.name}] ${line}` })),
      )
      .sort((a, b) => a.time - b.time)
      .map((line) => line.text);
    return {
      orderId,
      phase: found[0].phase,
      kinds: [...new Set(found.map((violation) => violation.kind))],
      order,
      job: snapshot.jobs.find((row) => row.orderId === orderId) ?? null,
      payments: snapshot.payments.filter((row) => row.orderId === orderId),
      events: snapshot.events.filter((row) => row.orderId === orderId),
      logLines: logLines.slice(0, MAX_LOG_LINES),
    };
  });
}

/** pino's `time` (epoch ms), so lines from several services read in the order they happened. */
function logTime(line: string): number {
  try {
    return Number((JSON.parse(line) as { time?: number }).time ?? 0);
  } catch {
    return 0;
  }
}

/**
 * When browsers missed events, the order rows say little: what matters is how
 * each BFF process answered /api/events (status, duration) around the fault.
 */
export function collectSseEvidence(violations: readonly Violation[], services: readonly RunningService[]): string[] {
  if (!violations.some((violation) => violation.kind === 'sse-missed')) return [];
  return services
    .filter((service) => service.app === 'client-bff')
    .flatMap((service, index) =>
      service.output
        .filter((line) => line.includes('/api/events'))
        .slice(-15)
        .map((line) => `[${service.name} process ${index + 1}] ${line}`),
    );
}
