import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { OrderEventPublisher } from '@mini-commerce/event-bus';
import type { OrderEventDto } from '@mini-commerce/contracts';
import {
  PaymentJobRepository,
  type JobClaim,
  type JobSettlement,
  type PaymentOutcome,
} from '@mini-commerce/order-persistence';
import { PaymentClient } from '../payment-client/payment.client';
import { JOB_ATTEMPTS, type JobOutcome } from './queue-metrics';
import { retryDelayMs, type BackoffPolicy } from './retry-delay';

/** Settling retries 200 ms, 400 ms, 800 ms, 1.6 s: about 3 s of database outage. */
const SETTLE_ATTEMPTS = 5;
const SETTLE_RETRY_BASE_MS = 200;

interface ProcessorSettings {
  workerId: string;
  batchSize: number;
  concurrentBatches: number;
  leaseMs: number;
  pollIntervalMs: number;
  maxAttempts: number;
  backoff: BackoffPolicy;
}

/**
 * Drains the payment-job queue: claim a batch, charge each order (the charges go
 * out while the claim commits), settle the charged jobs together, with up to JOB_CONCURRENT_BATCHES batches in flight (they
 * claim with SKIP LOCKED, like competing workers). Woken at once by `order.created`,
 * for queued jobs only; a slow poll covers lost wake-ups, retries that come due, and
 * leases that expired on a dead worker (looking for those costs a claim a round trip).
 */
@Injectable()
export class PaymentJobProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PaymentJobProcessor.name);
  private readonly settings: ProcessorSettings;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly drains = new Set<Promise<void>>();
  private wakeRequested = false;
  /** The next claim also looks for jobs whose lease expired. */
  private expiredLeasesDue = false;
  private stopping = false;
  private paused = false;

  constructor(
    private readonly jobs: PaymentJobRepository,
    private readonly payments: PaymentClient,
    private readonly publisher: OrderEventPublisher,
    config: ConfigService,
    @InjectMetric(JOB_ATTEMPTS) private readonly attempts: Counter<string>,
  ) {
    this.settings = {
      workerId: config.getOrThrow('WORKER_ID'),
      batchSize: config.getOrThrow('JOB_BATCH_SIZE'),
      concurrentBatches: config.getOrThrow('JOB_CONCURRENT_BATCHES'),
      leaseMs: config.getOrThrow('JOB_LEASE_MS'),
      pollIntervalMs: config.getOrThrow('JOB_POLL_INTERVAL_MS'),
      maxAttempts: config.getOrThrow('JOB_MAX_ATTEMPTS'),
      backoff: { baseMs: config.getOrThrow('JOB_BACKOFF_BASE_MS'), maxMs: config.getOrThrow('JOB_BACKOFF_MAX_MS') },
    };
  }

  onApplicationBootstrap(): void {
    const poll = setInterval(() => this.wake(), this.settings.pollIntervalMs);
    this.timers.add(poll);
    this.wake();
  }

  /** New jobs were queued: claim them, without looking for expired leases. */
  wakeForNewJobs(): void {
    this.startDrain();
  }

  /** Claim whatever is due, expired leases included. */
  wake(): void {
    this.expiredLeasesDue = true;
    this.startDrain();
  }

  /**
   * Starts another drain while fewer than JOB_CONCURRENT_BATCHES run (only one while
   * the payment circuit is not closed: it admits a single trial charge); otherwise
   * a running drain goes round once more.
   */
  private startDrain(): void {
    if (this.stopping) return;
    this.wakeRequested = true;
    const limit = this.payments.circuitState === 'closed' ? this.settings.concurrentBatches : 1;
    if (this.drains.size >= limit) return;
    const drain = this.drain().finally(() => this.drains.delete(drain));
    this.drains.add(drain);
  }

  /**
   * Operator control: stop claiming new jobs. Resolves once any claim already
   * under way has settled, so nothing is claimed after the caller hears back.
   */
  async pause(): Promise<void> {
    this.paused = true;
    await Promise.all(this.drains);
  }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get workerId(): string {
    return this.settings.workerId;
  }

  /** Stops claiming, lets in-flight charges settle, then lets Nest close connections. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    await Promise.all(this.drains);
  }

  private async drain(): Promise<void> {
    while (this.wakeRequested && !this.stopping) {
      this.wakeRequested = false;
      // Paused, or payment known to be down: leave the jobs queued; the poll looks again.
      const limit = this.paused ? 0 : this.payments.chargesAdmitted(this.settings.batchSize);
      if (limit === 0) return;
      const { workerId, leaseMs } = this.settings;
      const expiredLeases = this.expiredLeasesDue;
      this.expiredLeasesDue = false;
      // Charging is idempotent per order, so it starts as soon as the jobs are locked and
      // overlaps the commit of their lease: one commit fewer on every order's way to paid.
      const charges = new Map<number, Promise<ChargeResult>>();
      const startCharges = (claims: readonly JobClaim[]) =>
        claims.forEach((claim) => charges.set(claim.jobId, this.charge(claim)));
      let claimed;
      try {
        claimed = await this.jobs.claimNext(workerId, limit, leaseMs, { expiredLeases, onLocked: startCharges });
      } catch (error) {
        // The jobs stay queued. A charge already sent is recorded by payment, which
        // returns it, without charging again, when the job is claimed next.
        await Promise.all(charges.values());
        this.logger.warn({ err: describe(error) }, 'cannot claim jobs; the next poll tries again');
        return;
      }
      this.publisher.publish(claimed.events);
      await this.process(claimed.claims, charges);
      // A full batch suggests more work is waiting.
      if (claimed.claims.length === limit) this.wakeRequested = true;
    }
  }

  /**
   * Waits for the batch's charges, then settles every job payment gave a result for
   * in one transaction, and retries or buries the others.
   */
  private async process(claims: JobClaim[], charges: ReadonlyMap<number, Promise<ChargeResult>>): Promise<void> {
    const results = await Promise.all(claims.map((claim) => charges.get(claim.jobId) ?? this.charge(claim)));
    const charged: JobSettlement[] = [];
    const failures: Promise<void>[] = [];
    claims.forEach((claim, index) => {
      const result = results[index];
      if ('outcome' in result) charged.push({ claim, outcome: result.outcome });
      else failures.push(this.retryOrBury(claim, result.error));
    });
    await Promise.all([...failures, this.settleBatch(charged)]);
  }

  /** What payment recorded, or why the charge failed; never rejects. */
  private async charge(claim: JobClaim): Promise<ChargeResult> {
    try {
      return { outcome: await this.payments.charge(claim) };
    } catch (error) {
      return { error: describe(error) };
    }
  }

  /**
   * One transaction for the whole batch saves a commit per job. If it fails,
   * each job is settled on its own with its retries, so one bad job (or a
   * deadlock on the big transaction) cannot keep the others unsettled.
   */
  private async settleBatch(charged: JobSettlement[]): Promise<void> {
    if (charged.length === 0) return;
    let settled: OrderEventDto[][];
    try {
      settled = await this.jobs.completeMany(charged);
    } catch (error) {
      const correlationIds = charged.map(({ claim }) => claim.correlationId);
      this.logger.warn({ correlationIds, err: describe(error) }, 'cannot settle the batch at once; settling job by job');
      await Promise.all(charged.map((settlement) => this.settleAlone(settlement)));
      return;
    }
    this.publisher.publish(settled.flat());
    charged.forEach(({ claim, outcome }, index) => this.recordSettled(claim, paymentResult(outcome), settled[index]));
  }

  private settleAlone({ claim, outcome }: JobSettlement): Promise<void> {
    return this.settle(claim, paymentResult(outcome), () => this.jobs.complete(claim, outcome));
  }

  private async retryOrBury(claim: JobClaim, error: string): Promise<void> {
    if (claim.attempt >= this.settings.maxAttempts) {
      const reason = `payment unavailable after ${claim.attempt} attempts: ${error}`;
      await this.settle(claim, 'dead', () => this.jobs.bury(claim, reason));
      return;
    }
    const delayMs = retryDelayMs(claim.attempt, this.settings.backoff);
    this.wakeAfter(delayMs);
    await this.settle(claim, 'retry', () => this.jobs.retryLater(claim, error, delayMs));
  }

  /**
   * Writes the job's result and publishes its events. A database blip is ridden
   * out with a few quick retries; if the database stays away nothing is lost:
   * the lease expires, the job is claimed again, and the idempotent charge
   * returns the payment already recorded.
   */
  private async settle(claim: JobClaim, outcome: JobOutcome, write: () => Promise<OrderEventDto[]>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const events = await write();
        this.publisher.publish(events);
        this.recordSettled(claim, outcome, events);
        return;
      } catch (error) {
        if (attempt >= SETTLE_ATTEMPTS) {
          const context = { ...jobContext(claim), err: describe(error) };
          this.logger.error(context, 'cannot settle job; it is retried when its lease expires');
          this.attempts.inc({ outcome: 'unsettled' });
          return;
        }
        await sleep(SETTLE_RETRY_BASE_MS * 2 ** (attempt - 1));
      }
    }
  }

  /** Logs and counts a written job result; no events means another worker holds the lease now. */
  private recordSettled(claim: JobClaim, outcome: JobOutcome, events: OrderEventDto[]): void {
    const context = jobContext(claim);
    if (events.length === 0) this.logger.warn(context, 'lease lost; another worker settles this job');
    else this.logger.log({ ...context, events: events.map((event) => event.type) }, 'job settled');
    this.attempts.inc({ outcome: events.length === 0 ? 'lease_lost' : outcome });
  }

  private wakeAfter(delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.wake();
    }, delayMs);
    this.timers.add(timer);
  }
}

type ChargeResult = { outcome: PaymentOutcome } | { error: string };

function paymentResult(outcome: PaymentOutcome): JobOutcome {
  return outcome.paid ? 'paid' : 'declined';
}

function jobContext(claim: JobClaim) {
  return { correlationId: claim.correlationId, orderId: claim.orderId, jobId: claim.jobId, attempt: claim.attempt };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
