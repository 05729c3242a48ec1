/** How big each scenario is: the full run (a few minutes on 2 cores) or --quick (< 60 s, for the test). */
export interface ScenarioSizes {
  warmupSeconds: number;
  acceptance: { concurrencies: number[]; runs: number; durationSeconds: number };
  mysqlDirect: { concurrencies: number[]; runs: number; durationSeconds: number; poolSize: number };
  e2e: { rates: number[]; runs: number; durationSeconds: number; settleTimeoutSeconds: number };
  pipeline: { workers: number[]; windowSeconds: number; inFlight: number; drainTimeoutSeconds: number };
  sse: { clients: number[]; runs: number; clientsPerProcess: number; connectParallelism: number };
  /** RSS is read `afterStartSeconds` and `idleSeconds` after the services are ready. */
  footprint: { afterStartSeconds: number; idleSeconds: number; loadSeconds: number; concurrency: number };
}

export const FULL_SIZES: ScenarioSizes = {
  warmupSeconds: 4,
  acceptance: { concurrencies: [1, 10, 50, 200], runs: 3, durationSeconds: 2 },
  mysqlDirect: { concurrencies: [1, 10, 50, 200], runs: 3, durationSeconds: 1, poolSize: 10 },
  e2e: { rates: [50, 200, 500], runs: 3, durationSeconds: 3, settleTimeoutSeconds: 15 },
  // Sustained: 30 s per worker count (the queue-depth series shows whether the rate holds).
  pipeline: { workers: [1, 2, 4], windowSeconds: 30, inFlight: 400, drainTimeoutSeconds: 20 },
  sse: { clients: [1_000, 10_000], runs: 3, clientsPerProcess: 2_500, connectParallelism: 32 },
  // V8's memory reducer settled every service within 10–20 s of start in every run seen.
  footprint: { afterStartSeconds: 2, idleSeconds: 25, loadSeconds: 4, concurrency: 50 },
};

export const QUICK_SIZES: ScenarioSizes = {
  warmupSeconds: 1,
  acceptance: { concurrencies: [1, 50], runs: 1, durationSeconds: 0.5 },
  mysqlDirect: { concurrencies: [1, 50], runs: 1, durationSeconds: 0.3, poolSize: 10 },
  e2e: { rates: [20, 50], runs: 1, durationSeconds: 1, settleTimeoutSeconds: 10 },
  pipeline: { workers: [1, 2], windowSeconds: 1.5, inFlight: 50, drainTimeoutSeconds: 10 },
  sse: { clients: [20, 100], runs: 1, clientsPerProcess: 60, connectParallelism: 20 },
  footprint: { afterStartSeconds: 0.5, idleSeconds: 1, loadSeconds: 1, concurrency: 10 },
};
