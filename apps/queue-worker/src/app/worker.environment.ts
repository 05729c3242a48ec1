import { hostname } from 'node:os';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { CommonEnvironment, IsFlag, IsPort } from '@mini-commerce/service-chassis';
import { MAX_CHARGES_PER_BATCH } from '@mini-commerce/contracts';

export class WorkerEnvironment extends CommonEnvironment {
  /** Health and Swagger only; the worker takes no orders over HTTP. */
  @IsPort()
  WORKER_HTTP_PORT: number = 8003;

  /** Where order events arrive over TCP when REDIS_URL is unset. */
  @IsPort()
  WORKER_EVENTS_PORT: number = 8013;

  @IsString()
  BFF_EVENTS_HOST: string = '127.0.0.1';

  @IsPort()
  BFF_EVENTS_PORT: number = 8010;

  @IsString()
  PAYMENT_TCP_HOST: string = '127.0.0.1';

  @IsPort()
  PAYMENT_TCP_PORT: number = 8012;

  /** How long one charge may take before it counts as failed and is retried. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  PAYMENT_TIMEOUT_MS: number = 5_000;

  /** Shown in events and logs: which worker took the job. */
  @IsString()
  @MaxLength(64)
  WORKER_ID: string = `${hostname()}-${process.pid}`.slice(0, 64);

  /**
   * Jobs claimed (and charged in one message) per batch. Only a backlog fills a batch;
   * then every cost per batch — claim, charge message, settlement, commits — is shared
   * by more orders (128 against 32: a fifth less CPU per paid order, docs/performance.md #25).
   */
  @IsInt()
  @Min(1)
  @Max(MAX_CHARGES_PER_BATCH)
  JOB_BATCH_SIZE: number = 128;

  /**
   * Batches in flight at once. With more than one, a job that arrives while a batch is
   * being charged is claimed at once instead of waiting for that batch to settle: worth
   * it when the payment provider is slow. With an instant provider it only splits the
   * work into smaller batches (docs/performance.md), so one is the default.
   */
  @IsInt()
  @Min(1)
  @Max(16)
  JOB_CONCURRENT_BATCHES: number = 1;

  /** A claimed job returns to the queue if its worker has not settled it by then. */
  @IsInt()
  @Min(1_000)
  JOB_LEASE_MS: number = 30_000;

  /** Fallback when no wake-up event arrives (e.g. Redis is down). */
  @IsInt()
  @Min(50)
  JOB_POLL_INTERVAL_MS: number = 2_000;

  /** With the default backoff, 8 attempts ride out roughly a minute of payment outage. */
  @IsInt()
  @Min(1)
  @Max(100)
  JOB_MAX_ATTEMPTS: number = 8;

  @IsInt()
  @Min(1)
  JOB_BACKOFF_BASE_MS: number = 500;

  @IsInt()
  @Min(1)
  JOB_BACKOFF_MAX_MS: number = 30_000;

  /** Mounts /worker (status, pause, resume) for the operator panel. Never on in production. */
  @IsFlag()
  OPERATOR_CONTROLS: boolean = false;

  /** The circuit opens when more than this share (%) of recent charges failed... */
  @IsInt()
  @Min(1)
  @Max(99)
  PAYMENT_CIRCUIT_ERROR_PERCENT: number = 50;

  /** ...out of at least this many calls in the rolling window... */
  @IsInt()
  @Min(1)
  PAYMENT_CIRCUIT_MIN_CALLS: number = 5;

  /** ...and lets one trial call through after this long. */
  @IsInt()
  @Min(100)
  PAYMENT_CIRCUIT_RESET_MS: number = 5_000;
}
