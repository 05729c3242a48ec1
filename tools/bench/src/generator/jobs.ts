import type { LatencySummary } from '../stats/percentiles';

/** What the main process asks a load-generator process to do; each runs to completion and answers once. */
export type GeneratorJob = ClosedLoopJob | OpenLoopOrdersJob | PipelineLoopJob | MysqlDirectJob;

/** autocannon: `connections` clients each sending the next request as soon as the last is answered. */
export interface ClosedLoopJob {
  kind: 'closed-loop';
  url: string;
  body: string;
  connections: number;
  durationSeconds: number;
}

export interface ClosedLoopResult {
  /** 2xx answers. */
  requests: number;
  errors: number;
  durationSeconds: number;
  requestsPerSecond: number;
  /** Requests on connections already open: the steady state the cell is about. */
  latencyMs: LatencySummary;
  /**
   * The first request of each connection, which also waits for the server to
   * accept the connection: one accept per event-loop turn (libuv ≥ 1.45), so on
   * a busy server a burst of new connections queues for many turns.
   */
  firstRequestLatencyMs: LatencySummary;
}

/**
 * Open loop: orders POSTed at a fixed arrival rate whether or not earlier ones
 * were answered, while one SSE connection waits for each order's paid event.
 */
export interface OpenLoopOrdersJob {
  kind: 'open-loop-orders';
  postUrl: string;
  sseUrl: string;
  /** Sent as Last-Event-ID so the stream replays nothing old. */
  lastEventId: number;
  body: string;
  rate: number;
  durationSeconds: number;
  settleTimeoutSeconds: number;
  /** Event types that end an order: the first is success. */
  finalEventTypes: string[];
  correlationPrefix: string;
}

export interface OpenLoopOrdersResult {
  sent: number;
  accepted: number;
  errors: number;
  /** Orders whose final event arrived on the SSE connection. */
  completed: number;
  failed: number;
  missing: number;
  achievedRate: number;
  /** From the moment the POST was due to the final event on the SSE connection. */
  latencyMs: LatencySummary;
  /** From the moment the POST was due to its 201. */
  acceptLatencyMs: LatencySummary;
  /** How late the generator sent requests behind schedule (p99), a check on the generator itself. */
  sendLagP99Ms: number;
}

/**
 * The whole pipeline in a closed loop: `inFlight` slots, each placing an order
 * and waiting for its paid event (Redis) before placing the next. The queue can
 * never hold more than `inFlight` jobs, so what comes out is what the pipeline
 * sustains, acceptance included.
 */
export interface PipelineLoopJob {
  kind: 'pipeline-loop';
  postUrl: string;
  redisUrl: string;
  channel: string;
  body: string;
  inFlight: number;
  durationSeconds: number;
  drainTimeoutSeconds: number;
  finalEventTypes: string[];
  correlationPrefix: string;
}

export interface PipelineLoopResult {
  accepted: number;
  paid: number;
  failed: number;
  errors: number;
  /** Orders accepted but not finished when the drain timed out. */
  unfinished: number;
  /** Orders paid in each whole second of the window. */
  paidPerSecond: number[];
  acceptedPerSecond: number[];
  latencyMs: LatencySummary;
}

/** The order-acceptance transaction straight on mysql2: no HTTP, no framework. */
export interface MysqlDirectJob {
  kind: 'mysql-direct';
  databaseUrl: string;
  concurrency: number;
  poolSize: number;
  durationSeconds: number;
}

export interface MysqlDirectResult {
  transactions: number;
  errors: number;
  transactionsPerSecond: number;
  latencyMs: LatencySummary;
}

export interface JobResultMap {
  'closed-loop': ClosedLoopResult;
  'open-loop-orders': OpenLoopOrdersResult;
  'pipeline-loop': PipelineLoopResult;
  'mysql-direct': MysqlDirectResult;
}

export interface JobRequest {
  id: number;
  job: GeneratorJob;
}

export interface JobAnswer {
  id: number;
  result?: unknown;
  error?: string;
  /** CPU the generator process used during the job (user + system). */
  cpuSeconds: number;
  wallSeconds: number;
}
