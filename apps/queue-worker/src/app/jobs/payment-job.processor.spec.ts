import { Counter, Registry } from 'prom-client';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type CircuitState, OrderEventType, OrderStatus, type OrderEventDto } from '@mini-commerce/contracts';
import type { OrderEventPublisher } from '@mini-commerce/event-bus';
import type {
  ClaimOptions,
  JobClaim,
  JobSettlement,
  PaymentJobRepository,
  PaymentOutcome,
} from '@mini-commerce/order-persistence';
import { eventually } from '@mini-commerce/testing';
import type { PaymentClient } from '../payment-client/payment.client';
import { PaymentJobProcessor } from './payment-job.processor';

const SETTINGS = {
  WORKER_ID: 'worker-1',
  JOB_BATCH_SIZE: 2,
  JOB_CONCURRENT_BATCHES: 1,
  JOB_LEASE_MS: 30_000,
  JOB_POLL_INTERVAL_MS: 60_000,
  JOB_MAX_ATTEMPTS: 3,
  JOB_BACKOFF_BASE_MS: 40,
  JOB_BACKOFF_MAX_MS: 1_000,
};

let nextJobId = 1;
const claimFor = (attempt = 1): JobClaim => ({
  jobId: nextJobId++,
  orderId: randomUUID(),
  amount: 50_000,
  attempt,
  workerId: SETTINGS.WORKER_ID,
  correlationId: randomUUID(),
});

const eventFor = (claim: JobClaim, type: OrderEventType): OrderEventDto => ({
  id: claim.jobId * 100 + Object.values(OrderEventType).indexOf(type),
  type,
  orderId: claim.orderId,
  status: OrderStatus.Processing,
  source: 'queue-worker',
  correlationId: claim.correlationId,
  data: {},
  occurredAt: new Date().toISOString(),
});

const settledEvent = (claim: JobClaim, outcome: PaymentOutcome) =>
  eventFor(claim, outcome.paid ? OrderEventType.Paid : OrderEventType.Failed);

/** The job table, in memory: hands out what is queued and answers each write with its event. */
class FakeJobs {
  readonly queue: JobClaim[] = [];
  /** What a claim waits for between locking its jobs and committing their lease; a test may hold it or fail it. */
  commitLease: () => Promise<void> = async () => undefined;
  readonly claimNext = jest.fn(async (_workerId: string, limit: number, _leaseMs: number, options: ClaimOptions) => {
    const claims = this.queue.splice(0, limit);
    if (claims.length > 0) options.onLocked?.(claims);
    try {
      await this.commitLease();
    } catch (error) {
      this.queue.unshift(...claims); // rolled back: the jobs are still queued
      throw error;
    }
    return { claims, events: claims.map((claim) => eventFor(claim, OrderEventType.Processing)) };
  });
  readonly completeMany = jest.fn(async (settlements: readonly JobSettlement[]) =>
    settlements.map(({ claim, outcome }) => [settledEvent(claim, outcome)]),
  );
  readonly complete = jest.fn(async (claim: JobClaim, outcome: PaymentOutcome) => [settledEvent(claim, outcome)]);
  readonly retryLater = jest.fn<Promise<OrderEventDto[]>, [JobClaim, string, number]>(async (claim) => [
    eventFor(claim, OrderEventType.PaymentRetrying),
  ]);
  readonly bury = jest.fn<Promise<OrderEventDto[]>, [JobClaim, string]>(async (claim) => [
    eventFor(claim, OrderEventType.Failed),
  ]);
}

describe('PaymentJobProcessor', () => {
  let jobs: FakeJobs;
  let payments: {
    circuit: CircuitState;
    readonly circuitState: CircuitState;
    charge: jest.Mock<Promise<PaymentOutcome>, [JobClaim]>;
    chargesAdmitted(requested: number): number;
  };
  let publisher: { publish: jest.Mock<void, [readonly OrderEventDto[]]> };
  let processor: PaymentJobProcessor;
  let loggedErrors: jest.SpyInstance;
  let attempts: Counter<string>;

  /** Counted attempt outcomes, e.g. { paid: 1 }. */
  const outcomes = async () =>
    Object.fromEntries((await attempts.get()).values.map(({ labels, value }) => [labels['outcome'], value]));

  const newProcessor = (settings = SETTINGS) =>
    new PaymentJobProcessor(
      jobs as unknown as PaymentJobRepository,
      payments as unknown as PaymentClient,
      publisher as unknown as OrderEventPublisher,
      new ConfigService(settings),
      attempts,
    );
  const published = () => publisher.publish.mock.calls.flat(2);
  /** Every job settled together with others, in the order settled. */
  const settledInBatches = () => jobs.completeMany.mock.calls.flatMap(([settlements]) => settlements);

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    loggedErrors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jobs = new FakeJobs();
    attempts = new Counter({ name: 'job_attempts_test', help: 'test', labelNames: ['outcome'], registers: [new Registry()] });
    payments = {
      circuit: 'closed',
      get circuitState() {
        return this.circuit;
      },
      charge: jest.fn(),
      chargesAdmitted(requested) {
        return { open: 0, 'half-open': 1, closed: requested }[this.circuit];
      },
    };
    publisher = { publish: jest.fn() };
    processor = newProcessor();
  });

  afterEach(async () => {
    await processor.beforeApplicationShutdown();
    jest.restoreAllMocks();
  });

  it('completes a job whose charge payment approves as paid, and publishes every event', async () => {
    const claim = claimFor();
    jobs.queue.push(claim);
    payments.charge.mockResolvedValue({ paid: true, paymentId: 'pay-1' });

    processor.wake();
    await eventually(() => published().length === 2, { what: 'two published events' });

    expect(jobs.claimNext).toHaveBeenCalledWith(
      SETTINGS.WORKER_ID,
      SETTINGS.JOB_BATCH_SIZE,
      SETTINGS.JOB_LEASE_MS,
      expect.objectContaining({ expiredLeases: true }),
    );
    expect(payments.charge).toHaveBeenCalledWith(claim);
    expect(jobs.completeMany).toHaveBeenCalledWith([{ claim, outcome: { paid: true, paymentId: 'pay-1' } }]);
    expect(jobs.complete).not.toHaveBeenCalled();
    expect(published().map((event) => event.type)).toEqual([OrderEventType.Processing, OrderEventType.Paid]);
    expect(await outcomes()).toEqual({ paid: 1 });
  });

  it('claims only queued jobs when woken for new ones; the poll also looks for expired leases', async () => {
    processor = newProcessor({ ...SETTINGS, JOB_POLL_INTERVAL_MS: 50 });
    processor.onApplicationBootstrap();
    await eventually(() => jobs.claimNext.mock.calls.length === 1, { what: 'the claim at start-up' });
    jobs.queue.push(claimFor(), claimFor(), claimFor());
    payments.charge.mockResolvedValue({ paid: true, paymentId: 'pay' });

    processor.wakeForNewJobs();
    await eventually(() => settledInBatches().length === 3, { what: 'the new jobs settled' });
    await eventually(() => jobs.claimNext.mock.calls.length >= 4, { what: 'a claim by the poll' });

    const scopes = jobs.claimNext.mock.calls.map((call) => call[3].expiredLeases);
    // Start-up, the two claims for the new jobs (a full batch of 2, then the last one), the poll.
    expect(scopes.slice(0, 4)).toEqual([true, false, false, true]);
  });

  it('asks payment to charge the locked jobs while their lease commits, and settles only once it has', async () => {
    const claim = claimFor();
    jobs.queue.push(claim);
    let commit!: () => void;
    jobs.commitLease = () => new Promise((resolve) => (commit = resolve));
    payments.charge.mockResolvedValue({ paid: true, paymentId: 'pay-1' });

    processor.wake();
    await eventually(() => payments.charge.mock.calls.length === 1, { what: 'the charge, before the commit' });
    await sleep(20);
    expect(jobs.completeMany).not.toHaveBeenCalled();
    expect(published()).toEqual([]);

    commit();
    await eventually(() => published().length === 2, { what: 'order.processing, then order.paid' });
    expect(published().map((event) => event.type)).toEqual([OrderEventType.Processing, OrderEventType.Paid]);
    expect(settledInBatches()).toEqual([{ claim, outcome: { paid: true, paymentId: 'pay-1' } }]);
  });

  it('settles each job once when a claim locks it twice (a deadlock retried the claim)', async () => {
    const claim = claimFor();
    jobs.claimNext.mockImplementationOnce(async (_workerId, _limit, _leaseMs, { onLocked }) => {
      onLocked?.([claim]); // the first attempt, rolled back by a deadlock
      onLocked?.([claim]); // the retry, which commits
      return { claims: [claim], events: [eventFor(claim, OrderEventType.Processing)] };
    });
    payments.charge.mockResolvedValue({ paid: true, paymentId: 'pay-1' });

    processor.wake();
    await eventually(() => published().length === 2, { what: 'order.processing, then order.paid' });

    expect(settledInBatches()).toEqual([{ claim, outcome: { paid: true, paymentId: 'pay-1' } }]);
    expect(jobs.retryLater).not.toHaveBeenCalled();
  });

  it('writes nothing for charges whose lease did not commit, and charges those jobs again on the next claim', async () => {
    const [approved, unreachable] = [claimFor(), claimFor()];
    jobs.queue.push(approved, unreachable);
    jobs.commitLease = async () => {
      throw new Error('Lock wait timeout exceeded');
    };
    payments.charge.mockImplementation(async (claim) => {
      if (claim === unreachable) throw new Error('payment unreachable');
      return { paid: true, paymentId: `pay-${claim.jobId}` };
    });
    const warnings = jest.spyOn(Logger.prototype, 'warn');

    processor.wake();
    await eventually(() => warnings.mock.calls.some(([, message]) => message === 'cannot claim jobs; the next poll tries again'), {
      what: 'the failed claim logged',
    });
    expect(payments.charge).toHaveBeenCalledTimes(2);
    expect(jobs.completeMany).not.toHaveBeenCalled();
    expect(jobs.retryLater).not.toHaveBeenCalled();
    expect(jobs.bury).not.toHaveBeenCalled();
    expect(published()).toEqual([]);

    jobs.commitLease = async () => undefined;
    payments.charge.mockResolvedValue({ paid: true, paymentId: 'pay' });
    processor.wake();
    await eventually(() => settledInBatches().length === 2, { what: 'both jobs settled after the next claim' });
    expect(payments.charge.mock.calls.map(([claim]) => claim.jobId)).toEqual([
      approved.jobId,
      unreachable.jobId,
      approved.jobId,
      unreachable.jobId,
    ]);
  });

  it('completes a declined charge as failed, with the decline reason', async () => {
    const claim = claimFor();
    jobs.queue.push(claim);
    const declined = { paid: false as const, paymentId: 'pay-2', reason: 'amount Rp 5.000 is under the minimum' };
    payments.charge.mockResolvedValue(declined);

    processor.wake();
    await eventually(() => jobs.completeMany.mock.calls.length > 0);

    expect(jobs.completeMany).toHaveBeenCalledWith([{ claim, outcome: declined }]);
    expect(jobs.retryLater).not.toHaveBeenCalled();
    await eventually(async () => (await outcomes())['declined'] === 1, { what: 'a counted decline' });
  });

  it('works through full batches until the queue is empty', async () => {
    jobs.queue.push(claimFor(), claimFor(), claimFor());
    payments.charge.mockResolvedValue({ paid: true, paymentId: 'pay' });

    processor.wake();
    await eventually(() => settledInBatches().length === 3, { what: 'three completed jobs' });

    // A full batch of 2 suggests more work; the short batch of 1 ends the drain.
    expect(jobs.claimNext).toHaveBeenCalledTimes(2);
    expect(jobs.completeMany.mock.calls.map(([settlements]) => settlements.length)).toEqual([2, 1]);
  });

  it('retries a failed charge after a backoff delay, and claims again once it is due', async () => {
    const claim = claimFor(2);
    jobs.queue.push(claim);
    payments.charge.mockRejectedValue(new Error('payment timed out'));

    processor.wake();
    await eventually(() => jobs.retryLater.mock.calls.length > 0);

    const [, error, delayMs] = jobs.retryLater.mock.calls[0];
    const ceiling = SETTINGS.JOB_BACKOFF_BASE_MS * 2; // second attempt
    expect(error).toBe('payment timed out');
    expect(delayMs).toBeGreaterThanOrEqual(ceiling / 2);
    expect(delayMs).toBeLessThanOrEqual(ceiling);
    expect(jobs.bury).not.toHaveBeenCalled();
    await eventually(() => jobs.claimNext.mock.calls.length === 2, { what: 'a claim after the retry delay' });
    expect((await outcomes())['retry']).toBeGreaterThanOrEqual(1);
  });

  it('buries a job whose last attempt fails, naming the attempts and the error', async () => {
    const claim = claimFor(SETTINGS.JOB_MAX_ATTEMPTS);
    jobs.queue.push(claim);
    payments.charge.mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:8012'));

    processor.wake();
    await eventually(() => jobs.bury.mock.calls.length > 0);

    const [buried, reason] = jobs.bury.mock.calls[0];
    expect(buried).toBe(claim);
    expect(reason).toContain(`after ${SETTINGS.JOB_MAX_ATTEMPTS} attempts`);
    expect(reason).toContain('ECONNREFUSED');
    expect(jobs.retryLater).not.toHaveBeenCalled();
    await eventually(async () => (await outcomes())['dead'] === 1, { what: 'a counted dead job' });
  });

  it('publishes nothing for a job whose lease another worker took over', async () => {
    jobs.queue.push(claimFor());
    payments.charge.mockResolvedValue({ paid: true, paymentId: 'pay' });
    jobs.completeMany.mockResolvedValueOnce([[]]);

    processor.wake();
    await eventually(() => jobs.completeMany.mock.calls.length > 0);
    await processor.beforeApplicationShutdown();

    expect(published().map((event) => event.type)).toEqual([OrderEventType.Processing]);
    expect(await outcomes()).toEqual({ lease_lost: 1 });
  });

  it('charges the batch, then settles every charged job in one call and publishes their events together', async () => {
    const [paid, declinedClaim, lost, unreachable] = [claimFor(), claimFor(), claimFor(), claimFor()];
    jobs.queue.push(paid, declinedClaim, lost, unreachable);
    processor = newProcessor({ ...SETTINGS, JOB_BATCH_SIZE: 4 });
    const decline = { paid: false as const, paymentId: 'pay-2', reason: 'under the minimum' };
    payments.charge.mockImplementation(async (claim) => {
      if (claim === unreachable) throw new Error('payment timed out');
      return claim === declinedClaim ? decline : { paid: true, paymentId: `pay-${claim.jobId}` };
    });
    jobs.completeMany.mockImplementationOnce(async (settlements) =>
      settlements.map(({ claim, outcome }) => (claim === lost ? [] : [settledEvent(claim, outcome)])),
    );

    processor.wake();
    await eventually(() => jobs.completeMany.mock.calls.length > 0 && jobs.retryLater.mock.calls.length > 0);
    await processor.beforeApplicationShutdown();

    expect(jobs.completeMany).toHaveBeenCalledTimes(1);
    expect(settledInBatches().map(({ claim }) => claim)).toEqual([paid, declinedClaim, lost]);
    expect(jobs.complete).not.toHaveBeenCalled();
    expect(jobs.retryLater).toHaveBeenCalledWith(unreachable, 'payment timed out', expect.any(Number));
    const settledPublish = publisher.publish.mock.calls.find(([events]) =>
      events.some((event) => event.type === OrderEventType.Paid),
    );
    expect(settledPublish?.[0].map((event) => [event.orderId, event.type])).toEqual([
      [paid.orderId, OrderEventType.Paid],
      [declinedClaim.orderId, OrderEventType.Failed],
    ]);
    expect(await outcomes()).toEqual({ paid: 1, declined: 1, lease_lost: 1, retry: 1 });
  });

  it('falls back to settling each job in its own transaction when the batch settle fails', async () => {
    const [first, second] = [claimFor(), claimFor()];
    jobs.queue.push(first, second);
    payments.charge.mockImplementation(async (claim) =>
      claim === first ? { paid: true, paymentId: 'pay-1' } : { paid: false, paymentId: 'pay-2', reason: 'declined' },
    );
    jobs.completeMany.mockRejectedValueOnce(new Error('ER_LOCK_DEADLOCK: Deadlock found when trying to get lock'));

    processor.wake();
    await eventually(() => published().filter((event) => event.type !== OrderEventType.Processing).length === 2);

    expect(jobs.completeMany).toHaveBeenCalledTimes(1);
    expect(jobs.complete).toHaveBeenCalledWith(first, { paid: true, paymentId: 'pay-1' });
    expect(jobs.complete).toHaveBeenCalledWith(second, { paid: false, paymentId: 'pay-2', reason: 'declined' });
    expect(Logger.prototype.warn).toHaveBeenCalledWith(
      expect.objectContaining({ correlationIds: [first.correlationId, second.correlationId] }),
      expect.stringContaining('job by job'),
    );
    expect(await outcomes()).toEqual({ paid: 1, declined: 1 });
  });

  it('rides out a brief database outage while settling, job by job with retries', async () => {
    const claim = claimFor();
    jobs.queue.push(claim);
    payments.charge.mockResolvedValue({ paid: true, paymentId: 'pay' });
    const outage = new Error('Connection lost: The server closed the connection.');
    jobs.completeMany.mockRejectedValueOnce(outage);
    jobs.complete.mockRejectedValueOnce(outage);

    processor.wake();
    await eventually(() => published().some((event) => event.type === OrderEventType.Paid));

    expect(jobs.complete).toHaveBeenCalledTimes(2);
    expect(loggedErrors).not.toHaveBeenCalled();
    expect(await outcomes()).toEqual({ paid: 1 });
  });

  it('logs a job it cannot settle and carries on with the other jobs and later wake-ups', async () => {
    const [unlucky, lucky] = [claimFor(), claimFor()];
    jobs.queue.push(unlucky, lucky);
    payments.charge.mockResolvedValue({ paid: true, paymentId: 'pay' });
    const failing = new Error('ER_DATA_TOO_LONG: Data too long for column');
    jobs.completeMany.mockImplementation(async (settlements) => {
      if (settlements.some(({ claim }) => claim === unlucky)) throw failing;
      return settlements.map(({ claim, outcome }) => [settledEvent(claim, outcome)]);
    });
    jobs.complete.mockImplementation(async (claim, outcome) => {
      if (claim === unlucky) throw failing;
      return [settledEvent(claim, outcome)];
    });

    processor.wake();
    await eventually(() => loggedErrors.mock.calls.length > 0, { what: 'an error log', timeoutMs: 8_000 });

    expect(loggedErrors).toHaveBeenCalledWith(expect.objectContaining({ jobId: unlucky.jobId }), expect.any(String));
    expect(published()).toContainEqual(expect.objectContaining({ orderId: lucky.orderId, type: OrderEventType.Paid }));

    const later = claimFor();
    jobs.queue.push(later);
    processor.wake();
    await eventually(() => settledInBatches().some(({ claim }) => claim === later), { what: 'the next job' });
  }, 15_000);

  it('on shutdown, lets the charge in flight settle and claims nothing more', async () => {
    jobs.queue.push(claimFor(), claimFor(), claimFor());
    let approve!: (outcome: PaymentOutcome) => void;
    payments.charge.mockReturnValue(new Promise((resolve) => (approve = resolve)));
    processor.wake();
    await eventually(() => payments.charge.mock.calls.length === 2);

    let stopped = false;
    const stopping = processor.beforeApplicationShutdown().then(() => (stopped = true));
    await sleep(20);
    expect(stopped).toBe(false);

    approve({ paid: true, paymentId: 'pay' });
    await stopping;
    expect(settledInBatches()).toHaveLength(2);

    processor.wake();
    await sleep(20);
    expect(jobs.claimNext).toHaveBeenCalledTimes(1);
    expect(jobs.queue).toHaveLength(1);
  });

  describe('with several batches in flight (JOB_CONCURRENT_BATCHES)', () => {
    /** Charges that stay pending until the test approves them. */
    const holdCharges = () => {
      const pending: Array<() => void> = [];
      payments.charge.mockImplementation(
        () => new Promise((resolve) => pending.push(() => resolve({ paid: true, paymentId: 'pay' }))),
      );
      return () => pending.splice(0).forEach((approve) => approve());
    };

    /** Waits until `count` charges are in flight, then checks that no further one starts. */
    const chargesStayAt = async (count: number) => {
      await eventually(() => payments.charge.mock.calls.length === count);
      await sleep(20);
      expect(payments.charge).toHaveBeenCalledTimes(count);
    };

    it('claims a job that arrives while a batch is being charged, without waiting for that batch', async () => {
      processor = newProcessor({ ...SETTINGS, JOB_CONCURRENT_BATCHES: 2 });
      const approveAll = holdCharges();
      const [first, second] = [claimFor(), claimFor()];
      jobs.queue.push(first);
      processor.wake();
      await eventually(() => payments.charge.mock.calls.length === 1);

      jobs.queue.push(second);
      processor.wake();
      await eventually(() => payments.charge.mock.calls.length === 2, { what: 'the second job charged' });

      expect(settledInBatches()).toEqual([]);
      approveAll();
      await eventually(() => settledInBatches().length === 2, { what: 'both jobs settled' });
    });

    it('runs no more batches at once than it may, and leaves the rest to the batches running', async () => {
      processor = newProcessor({ ...SETTINGS, JOB_BATCH_SIZE: 1, JOB_CONCURRENT_BATCHES: 2 });
      const approveAll = holdCharges();
      jobs.queue.push(claimFor(), claimFor(), claimFor());
      processor.wake();
      processor.wake();
      processor.wake();
      await chargesStayAt(2);

      approveAll();
      await eventually(() => payments.charge.mock.calls.length === 3, { what: 'the third job, once a batch ended' });
      approveAll();
      await eventually(() => settledInBatches().length === 3);
    });

    it('runs a single batch while the circuit is half-open: it admits one trial charge', async () => {
      processor = newProcessor({ ...SETTINGS, JOB_CONCURRENT_BATCHES: 4 });
      payments.circuit = 'half-open';
      const approveAll = holdCharges();
      jobs.queue.push(claimFor(), claimFor());
      processor.wake();
      processor.wake();
      await chargesStayAt(1);

      expect(jobs.claimNext).toHaveBeenCalledTimes(1);
      approveAll();
      await eventually(() => payments.charge.mock.calls.length === 2, { what: 'the next job, after the trial' });
      approveAll();
    });
  });

  describe('while the payment circuit is open', () => {
    it('claims nothing, so queued jobs keep their attempts', async () => {
      jobs.queue.push(claimFor());
      payments.circuit = 'open';

      processor.wake();
      await sleep(50);

      expect(jobs.claimNext).not.toHaveBeenCalled();
      expect(payments.charge).not.toHaveBeenCalled();
      expect(jobs.queue).toHaveLength(1);
    });

    it('claims and charges again on the first wake-up after the circuit closes', async () => {
      const claim = claimFor();
      jobs.queue.push(claim);
      payments.circuit = 'open';
      payments.charge.mockResolvedValue({ paid: true, paymentId: 'pay' });
      processor.wake();
      await sleep(20);

      payments.circuit = 'closed';
      processor.wake();
      await eventually(() => settledInBatches().length > 0, { what: 'the job settled' });

      expect(settledInBatches()).toEqual([{ claim, outcome: { paid: true, paymentId: 'pay' } }]);
    });

    it('claims a single job for the trial charge while the circuit is half-open', async () => {
      jobs.queue.push(claimFor(), claimFor(), claimFor());
      payments.circuit = 'half-open';
      payments.charge.mockResolvedValue({ paid: true, paymentId: 'pay' });

      processor.wake();
      await eventually(() => settledInBatches().length > 0, { what: 'the trial job settled' });

      expect(jobs.claimNext.mock.calls[0][1]).toBe(1);
    });

    it('stops claiming further batches once the circuit opens mid-drain', async () => {
      jobs.queue.push(claimFor(), claimFor(), claimFor(), claimFor());
      payments.charge.mockImplementation(async () => {
        payments.circuit = 'open';
        throw new Error('payment timed out');
      });

      processor.wake();
      await eventually(() => jobs.retryLater.mock.calls.length === 2, { what: 'the first batch retried' });
      await sleep(50);

      expect(jobs.claimNext).toHaveBeenCalledTimes(1);
      expect(jobs.queue).toHaveLength(2);
    });
  });
});
