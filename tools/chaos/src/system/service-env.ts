/**
 * Service settings for a chaos run. The defaults are tuned for production
 * (30 s leases, 2 s polls, up to 30 s backoff), which would make each fault
 * cost minutes of waiting; these keep every mechanism the same and only make
 * its clocks faster, so a run fits in minutes and recovery times stay readable.
 */
export const CHAOS_SERVICE_ENV: Readonly<Record<string, string>> = {
  // A SIGKILLed worker's jobs come back when their lease ends: 3 s instead of 30 s.
  JOB_LEASE_MS: '3000',
  // The poll finds expired leases, due retries and jobs whose wake-up was lost (Redis cut): every 300 ms, not 2 s.
  JOB_POLL_INTERVAL_MS: '300',
  // Backoff between charge attempts: 200 ms doubling to at most 2 s, so payment's return is noticed within ~2 s.
  JOB_BACKOFF_BASE_MS: '200',
  JOB_BACKOFF_MAX_MS: '2000',
  // Every failed charge and every claim of a dead worker's job is an attempt. With <= 2 s backoff a 10 s payment
  // outage costs a job about ten, a few SIGKILLs a few more: 100 (the maximum) means no job dies during a run.
  // A dead job would end "failed", which is valid, but would hide whether the order would have been paid.
  JOB_MAX_ATTEMPTS: '100',
  // A charge in flight when payment dies is never answered: count it failed after 1 s instead of 5 s.
  PAYMENT_TIMEOUT_MS: '1000',
  // While payment is down the circuit is open; it lets a trial charge through after 1 s instead of 5 s.
  PAYMENT_CIRCUIT_RESET_MS: '1000',
  // Each charge takes 100 ms, so a worker SIGKILL usually lands with charges in flight (the interesting case).
  PAYMENT_DELAY_MS: '100',
  // The BFF re-reads recent history every 500 ms: an event whose publish was lost reaches browsers within ~0.5 s.
  EVENT_CATCH_UP_INTERVAL_MS: '500',
  // All checkouts come from one address (up to 50/s plus retries); the per-address limit is not under test.
  CHECKOUT_RATE_LIMIT: '100000',
};
