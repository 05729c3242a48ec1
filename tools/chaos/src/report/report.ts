import type { Violation } from '../checks/invariants';
import type { ChaosProfile } from '../cli/profiles';
import type { BrowserSummary } from '../load/browsers';
import type { ClientStats } from '../load/steady-load';
import type { Quiescence } from '../monitor/quiescence';
import type { OrderEvidence } from './evidence';

/** One injection of one fault, as it happened. */
export interface InjectionRecord {
  fault: string;
  /** What was done: which process got which signal, which proxy was cut, what was started. */
  detail: string;
  startedAt: string;
  endedAt: string;
  /** From inject until the fault had ended (hold + restart until ready). */
  downMs: number;
  recovered: boolean;
  recoveryMs: number | null;
  backlog: number;
  probeOrderId: string | null;
}

/** A row of the table: the orders placed while this fault was injected and until the next one. */
export interface FaultRow {
  fault: string;
  injections: number;
  orders: number;
  lost: number;
  doubleCharged: number;
  stuck: number;
  /** Histories out of order, payments that disagree with the order, checkouts never accepted. */
  other: number;
  sseMissed: number;
  maxRecoveryMs: number | null;
  /** False when some injection did not recover within the timeout. */
  recovered: boolean;
}

export interface ChaosReport {
  schemaVersion: 1;
  verdict: 'pass' | 'fail';
  profile: ChaosProfile;
  seed: number;
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  database: string;
  /** Which Redis and channel carried the events. */
  redis: string;
  /** sha256 prefix of each app's dist main.js at the start (see build-fingerprint.ts). */
  build: Record<string, string>;
  serviceEnv: Readonly<Record<string, string>>;
  rows: FaultRow[];
  total: FaultRow;
  injections: InjectionRecord[];
  /** How the client's POSTs were answered, per phase. */
  client: Array<{ phase: string } & ClientStats>;
  totals: {
    checkouts: number;
    accepted: number;
    paid: number;
    failed: number;
    /** Payment rows, and those approved (must equal paid). */
    payments: number;
    approvedPayments: number;
    events: number;
  };
  quiescence: Quiescence;
  browsers: BrowserSummary[];
  /**
   * This process's event-loop delay over the run. The MariaDB and Redis proxies run
   * on this loop: when it lags, every service's database round trip lags with it,
   * and the run measures the tool instead of the system.
   */
  toolEventLoopDelayMs: { p50: number; p99: number; max: number };
  /** Run-level failures: a fault that never recovered, a system that never went quiet. */
  problems: string[];
  violationCount: number;
  /** The first 1000 violations. */
  violations: Violation[];
  /** Rows and log lines of the first violating orders, worst first. */
  evidence: OrderEvidence[];
  /** When browsers missed events: each BFF process's /api/events log lines. */
  sseEvidence: string[];
}
