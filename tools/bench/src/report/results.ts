import type { ScenarioId } from '../cli/options';
import type { LatencySummary } from '../stats/percentiles';

/** The shape of results.json. Every figure that is a latency is in milliseconds. */
export interface BenchResults {
  schemaVersion: 1;
  meta: RunMeta;
  toolCpu: ToolCpu;
  scenarios: {
    orderAcceptance: OrderAcceptanceResult | null;
    ceiling: CeilingResult | null;
    e2eLatency: E2eLatencyResult | null;
    pipeline: PipelineResult | null;
    sseFanout: SseFanoutResult | null;
    footprint: FootprintResult | null;
  };
  targets: TargetCheck[];
  /** Average cores each process used during each scenario (services, MariaDB, Redis, the tool). */
  cpuSplit: Partial<Record<ScenarioId, Record<string, number>>>;
  /** InnoDB pages MariaDB still had to write back when each scenario began: earlier scenarios' disk work. */
  dirtyPagesAtStart: Partial<Record<ScenarioId, number>>;
  profiles: ProfileSummary[];
}

export interface RunMeta {
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  quick: boolean;
  scenarios: ScenarioId[];
  host: { cpus: number; cpuModel: string; memoryMB: number; node: string; platform: string; loadAverageAtStart: number[] };
  portBase: number;
  database: string;
  redisUrl: string;
  logLevel: string;
  openFileLimit: number | null;
  build: { gitCommit: string | null; uncommittedSourceFiles: number; builtAt: Record<string, string> };
  notes: string[];
}

export interface ToolCpuFigure {
  wallSeconds: number;
  /** The main process: orchestration, the launcher reading the services' logs, sampling. */
  mainCpuSeconds: number;
  /** Load-generator and SSE-client processes. */
  generatorCpuSeconds: number;
  /** (main + generator CPU seconds) / wall seconds. */
  cores: number;
  /** cores / CPUs of the machine. */
  shareOfMachine: number;
}

export interface ToolCpu extends ToolCpuFigure {
  byScenario: Partial<Record<ScenarioId | 'setup', ToolCpuFigure>>;
}

/** The ceiling's servers, and the process name each one's CPU is counted under (`cpuMsPerRequest`). */
export const CEILING_PROCESS = { bare: 'bare-server', 'nest-floor': 'nest-floor' } as const;
export type CeilingTarget = keyof typeof CEILING_PROCESS;

export interface AcceptanceRow {
  target: 'order' | 'client-bff' | CeilingTarget;
  concurrency: number;
  requestsPerSecond: number;
  /** Requests on open connections. */
  latencyMs: LatencySummary;
  /** The first request of each new connection, which waits for the server to accept it (ClosedLoopResult). */
  firstRequestLatencyMs: LatencySummary;
  errors: number;
  requests: number;
  /** Statements MariaDB executed per accepted order (server-wide counter, so approximate). */
  dbStatementsPerRequest: number | null;
  /** This row divided by the bare ceiling at the same concurrency. */
  ratioToBare: { requestsPerSecond: number | null; p50: number | null; p99: number | null };
  /** Cores the load generator used while it ran. */
  generatorCores: number;
  runs: Array<{ requestsPerSecond: number; latencyMs: LatencySummary; errors: number }>;
  /** Average cores each process used while this row was measured (all its runs). */
  cpuCores: Record<string, number>;
  /** CPU milliseconds each process spent per accepted order: the cost, nearly independent of other load on the host. */
  cpuMsPerRequest: Record<string, number>;
}

export interface OrderAcceptanceResult {
  runs: number;
  durationSeconds: number;
  concurrencies: number[];
  rows: AcceptanceRow[];
}

export interface MysqlDirectRow {
  concurrency: number;
  transactionsPerSecond: number;
  latencyMs: LatencySummary;
  errors: number;
  poolSize: number;
  runs: Array<{ transactionsPerSecond: number; latencyMs: LatencySummary }>;
  /** Average cores each process used while this row was measured (all its runs). */
  cpuCores: Record<string, number>;
  cpuMsPerTransaction: Record<string, number>;
}

export interface CeilingResult {
  /** The database of its own it wrote to, apart from the system's (see runCeiling). */
  database: string;
  runs: number;
  durationSeconds: number;
  bareHttp: AcceptanceRow[];
  /** Nest on Fastify with order's validation and nothing stored: what the framework alone allows. */
  nestFloor: AcceptanceRow[];
  mysqlDirect: MysqlDirectRow[];
}

export interface E2eRow {
  offeredRate: number;
  achievedRate: number;
  sent: number;
  accepted: number;
  completed: number;
  missing: number;
  errors: number;
  latencyMs: LatencySummary;
  acceptLatencyMs: LatencySummary;
  sendLagP99Ms: number;
  runs: Array<{ latencyMs: LatencySummary; completed: number; missing: number }>;
  /** Average cores each process used while this row was measured (all its runs). */
  cpuCores: Record<string, number>;
  /** CPU milliseconds each process spent per paid order. */
  cpuMsPerOrder: Record<string, number>;
}

export interface E2eLatencyResult {
  runs: number;
  durationSeconds: number;
  workers: number;
  rows: E2eRow[];
}

export interface PipelineRow {
  workers: number;
  /** Median of the 1-second buckets of the window, the first second left out. */
  paidPerSecond: number;
  meanPaidPerSecond: number;
  acceptedPerSecond: number;
  paid: number;
  failed: number;
  errors: number;
  unfinished: number;
  /** From POST to the order.paid event, under saturation. */
  latencyMs: LatencySummary;
  paidPerSecondSeries: number[];
  queueDepth: Array<{ tSeconds: number; depth: number }>;
  maxQueueDepth: number;
  /** Average cores each process used while this row was measured (all its runs). */
  cpuCores: Record<string, number>;
  /** CPU milliseconds each process spent per paid order. */
  cpuMsPerOrder: Record<string, number>;
}

export interface PipelineResult {
  windowSeconds: number;
  inFlight: number;
  rows: PipelineRow[];
}

export interface SseFanoutRow {
  clients: number;
  connected: number;
  failed: number;
  /** Connection attempts that failed (refused, or closed before the history replay) and were retried. */
  retries: number;
  connectSeconds: number;
  /** From the POST to each client's copy of the order.created event (median of runs). */
  deliveryMs: LatencySummary;
  /** Clients that did not get the event (largest of the runs). */
  missing: number;
  /** Connections the server closed before the end. */
  dropped: number;
  bffRssBeforeMB: number | null;
  bffRssConnectedMB: number | null;
  bffKBPerConnection: number | null;
  /** BFF CPU per event per client while the orders' events (created, processing, paid) went out, in µs. */
  bffCpuUsPerDelivery: number | null;
  clientProcesses: number;
  runs: Array<{ deliveryMs: LatencySummary; missing: number; dropped: number }>;
  /** Average cores each process used while this row was measured (all its runs). */
  cpuCores: Record<string, number>;
}

export interface SseFanoutResult {
  runs: number;
  openFileLimit: number | null;
  rows: SseFanoutRow[];
  /**
   * BFF RSS per connection from the difference between the smallest and the
   * largest client count, both measured while connected: unlike a row's
   * before/after, it does not depend on how much garbage the BFF held before.
   */
  bffKBPerConnectionSlope: number | null;
}

export interface FootprintResult {
  startToReadyMs: number;
  migrateMs: number;
  readyMs: Record<string, number>;
  /** When the start and idle RSS were read: seconds after every service was ready, before any request. */
  rssReadAfterSeconds: { start: number; idle: number };
  /**
   * start: V8 still holds the young generation that loading the app grew; idle: its memory
   * reducer has given that back; load: peak during the footprint load; peak: highest seen in the whole run.
   */
  services: Array<{
    name: string;
    startRssMB: number | null;
    idleRssMB: number | null;
    loadRssMB: number | null;
    peakRssMB: number | null;
  }>;
  load: string;
}

export interface TargetCheck {
  id: string;
  description: string;
  target: string;
  measured: number | null;
  unit: string;
  met: boolean | null;
}

export interface ProfileSummary {
  service: string;
  file: string;
  totalMs: number;
  topFunctions: Array<{ function: string; location: string; selfMs: number; percent: number }>;
  byPackage: Array<{ package: string; selfMs: number; percent: number }>;
}
