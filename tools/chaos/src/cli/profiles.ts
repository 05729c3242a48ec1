/** How hard and how long a run pushes: `--short` for CI on every change, the long one for people. */
export interface ChaosProfile {
  name: 'short' | 'long';
  /** Checkouts started per second, whatever happens to the system (open loop). */
  ordersPerSecond: number;
  /** Load before the first fault: the "baseline" row. */
  warmUpMs: number;
  /** Load after each fault has recovered, before the next one starts. */
  calmMs: number;
  /** SIGKILLs of a random worker, each after a random pause in `workerKillPauseMs`. */
  workerKills: number;
  workerKillPauseMs: readonly [number, number];
  paymentOutageMs: number;
  redisOutageMs: number;
  databaseOutageMs: number;
  /** How long the BFF stays down between SIGTERM and the new process. */
  bffDownMs: number;
  /** SSE clients kept connected to the BFF for the whole run. */
  browsers: number;
  /** A fault that has not recovered by then counts as a violation. */
  recoveryTimeoutMs: number;
  /** After the load stops: how long every order may take to finish. */
  quiescenceTimeoutMs: number;
}

/** About two minutes end to end, including start-up: the CI version. */
export const SHORT_PROFILE: ChaosProfile = {
  name: 'short',
  ordersPerSecond: 20,
  warmUpMs: 3_000,
  calmMs: 2_000,
  workerKills: 2,
  workerKillPauseMs: [500, 2_500],
  paymentOutageMs: 4_000,
  redisOutageMs: 2_000,
  databaseOutageMs: 2_000,
  bffDownMs: 1_000,
  browsers: 3,
  recoveryTimeoutMs: 60_000,
  quiescenceTimeoutMs: 60_000,
};

/** Five to eight minutes: the version documented in docs/faults.md for people to run. */
export const LONG_PROFILE: ChaosProfile = {
  name: 'long',
  ordersPerSecond: 50,
  warmUpMs: 30_000,
  calmMs: 30_000,
  // Two initial workers + 8 replacements = replica 10, the last whose health port is inside 27000-27999.
  workerKills: 8,
  workerKillPauseMs: [5_000, 20_000],
  paymentOutageMs: 10_000,
  redisOutageMs: 5_000,
  databaseOutageMs: 5_000,
  bffDownMs: 3_000,
  browsers: 3,
  recoveryTimeoutMs: 90_000,
  quiescenceTimeoutMs: 120_000,
};
