import { createOrderPool, insertOrdersWithJobs } from '../bare-ceiling/order-transaction';
import { summariseLatencies } from '../stats/percentiles';
import type { MysqlDirectJob, MysqlDirectResult } from './jobs';

const ORDER = { customerName: 'Bench Buyer', productName: 'Kopi Gayo 250 g', quantity: 1, amount: 50_000 };

/** `concurrency` loops running the acceptance transaction back to back on one mysql2 pool. */
export async function runMysqlDirect(job: MysqlDirectJob): Promise<MysqlDirectResult> {
  const pool = createOrderPool(job.databaseUrl, job.poolSize);
  try {
    // Open the pool's connections first, so connecting is not measured.
    await Promise.all(Array.from({ length: job.poolSize }, () => pool.getConnection().then((c) => c.release())));
    const latencies: number[] = [];
    let errors = 0;
    let sequence = 0;
    const start = performance.now();
    const end = start + job.durationSeconds * 1000;
    const loop = async () => {
      while (performance.now() < end) {
        const began = performance.now();
        try {
          await insertOrdersWithJobs(pool, [{ input: ORDER, correlationId: `mysql-direct-${sequence++}` }]);
          latencies.push(performance.now() - began);
        } catch {
          errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: job.concurrency }, loop));
    const seconds = (performance.now() - start) / 1000;
    return {
      transactions: latencies.length,
      errors,
      transactionsPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
      latencyMs: summariseLatencies(latencies),
    };
  } finally {
    await pool.end();
  }
}
