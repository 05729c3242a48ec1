import { OrderStatus, PaymentStatus } from '@mini-commerce/contracts';
import { countViolations, type Violation } from '../checks/invariants';
import type { DatabaseSnapshot } from '../checks/snapshot';
import type { ChaosOptions } from '../cli/options';
import type { BrowserSummary } from '../load/browsers';
import type { SteadyLoad } from '../load/steady-load';
import type { Quiescence } from '../monitor/quiescence';
import type { OrderEvidence } from './evidence';
import type { ChaosReport, FaultRow, InjectionRecord } from './report';

export const BASELINE_PHASE = 'baseline (no fault)';
const MAX_VIOLATIONS_IN_REPORT = 1_000;

export interface RunOutcome {
  options: ChaosOptions;
  startedAt: Date;
  database: string;
  redis: string;
  build: Record<string, string>;
  serviceEnv: Readonly<Record<string, string>>;
  /** Phase names in run order: the baseline, then each fault. */
  phases: readonly string[];
  injections: readonly InjectionRecord[];
  load: SteadyLoad;
  snapshot: DatabaseSnapshot;
  quiescence: Quiescence;
  browsers: BrowserSummary[];
  violations: readonly Violation[];
  evidence: OrderEvidence[];
  sseEvidence: string[];
  problems: string[];
  toolEventLoopDelayMs: { p50: number; p99: number; max: number };
}

export function buildReport(outcome: RunOutcome): ChaosReport {
  const { load, snapshot, violations, injections } = outcome;
  const finishedAt = new Date();
  const row = (fault: string, phaseViolations: readonly Violation[], phaseInjections: readonly InjectionRecord[], orders: number): FaultRow => {
    const recoveries = phaseInjections.flatMap((injection) => (injection.recoveryMs === null ? [] : [injection.recoveryMs]));
    return {
      fault,
      injections: phaseInjections.length,
      orders,
      ...countViolations(phaseViolations),
      maxRecoveryMs: recoveries.length ? Math.max(...recoveries) : null,
      recovered: phaseInjections.every((injection) => injection.recovered),
    };
  };
  const accepted = load.orders.filter((order) => order.outcome === 'accepted');
  const rows = outcome.phases.map((phase) =>
    row(
      phase,
      violations.filter((violation) => violation.phase === phase),
      injections.filter((injection) => injection.fault === phase),
      accepted.filter((order) => order.phase === phase).length,
    ),
  );
  const problems = [...outcome.problems];
  for (const injection of injections) {
    if (!injection.recovered) {
      problems.push(
        `${injection.fault} at ${injection.startedAt} did not recover within ${outcome.options.profile.recoveryTimeoutMs / 1000} s`,
      );
    }
  }
  return {
    schemaVersion: 1,
    verdict: violations.length === 0 && problems.length === 0 ? 'pass' : 'fail',
    profile: outcome.options.profile,
    seed: outcome.options.seed,
    startedAt: outcome.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    wallSeconds: Math.round((finishedAt.getTime() - outcome.startedAt.getTime()) / 1000),
    database: outcome.database,
    redis: outcome.redis,
    build: outcome.build,
    serviceEnv: outcome.serviceEnv,
    rows,
    total: row('total', violations, injections, accepted.length),
    injections: [...injections],
    client: outcome.phases.map((phase) => ({ phase, ...(load.stats.get(phase) ?? { posts: 0, answers: {}, slowestAnswerMs: 0, slowestByAnswerMs: {} }) })),
    totals: {
      checkouts: load.orders.length,
      accepted: accepted.length,
      paid: snapshot.orders.filter((order) => order.status === OrderStatus.Paid).length,
      failed: snapshot.orders.filter((order) => order.status === OrderStatus.Failed).length,
      payments: snapshot.payments.length,
      approvedPayments: snapshot.payments.filter((payment) => payment.status === PaymentStatus.Approved).length,
      events: snapshot.events.length,
    },
    quiescence: outcome.quiescence,
    browsers: outcome.browsers,
    toolEventLoopDelayMs: outcome.toolEventLoopDelayMs,
    problems,
    violationCount: violations.length,
    violations: violations.slice(0, MAX_VIOLATIONS_IN_REPORT),
    evidence: outcome.evidence,
    sseEvidence: outcome.sseEvidence,
  };
}
