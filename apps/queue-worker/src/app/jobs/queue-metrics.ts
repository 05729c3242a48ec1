import { makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import { PaymentJobRepository } from '@mini-commerce/order-persistence';

export const JOB_ATTEMPTS = 'mini_commerce_job_attempts_total';

/** How a claimed job attempt ended, as recorded. */
export type JobOutcome = 'paid' | 'declined' | 'retry' | 'dead';

/** Queue depth and the age of the oldest unfinished job (read at scrape time), and attempt outcomes. */
export const queueMetrics = [
  makeCounterProvider({
    name: JOB_ATTEMPTS,
    help: 'Job attempts by outcome: paid, declined, retry, dead, lease_lost (another worker took over), unsettled (database unreachable).',
    labelNames: ['outcome'],
  }),
  makeGaugeProvider({
    name: 'mini_commerce_queue_depth',
    help: 'Payment jobs not finished yet (waiting, retrying or leased).',
    inject: [PaymentJobRepository],
    async collect(this: Gauge<string>, jobs: PaymentJobRepository) {
      this.set((await jobs.queueStats()).depth);
    },
  }),
  makeGaugeProvider({
    name: 'mini_commerce_queue_oldest_job_age_seconds',
    help: 'Age of the oldest unfinished payment job.',
    inject: [PaymentJobRepository],
    async collect(this: Gauge<string>, jobs: PaymentJobRepository) {
      this.set((await jobs.queueStats()).oldestAgeMs / 1_000);
    },
  }),
];
