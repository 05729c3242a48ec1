import type { OrderAcceptanceResult } from '../report/results';
import { measureAcceptanceCell } from './closed-loop-cell';
import type { BenchContext } from './context';

/**
 * Scenario 1: POST /orders on order directly and through the BFF, closed loop
 * at each concurrency. The workers are stopped meanwhile, so acceptance is
 * measured alone, as the bare ceiling is; the queue they leave is discarded.
 */
export async function runOrderAcceptance(context: BenchContext): Promise<OrderAcceptanceResult> {
  const { concurrencies, runs, durationSeconds } = context.sizes.acceptance;
  await context.system.setWorkerCount(0);
  const rows: OrderAcceptanceResult['rows'] = [];
  for (const concurrency of concurrencies) {
    rows.push(await measureAcceptanceCell(context, 'order', `${context.system.orderUrl}/orders`, concurrency));
    rows.push(await measureAcceptanceCell(context, 'client-bff', `${context.system.bffUrl}/api/orders`, concurrency));
  }
  await context.database.reset();
  return { runs, durationSeconds, concurrencies, rows };
}
