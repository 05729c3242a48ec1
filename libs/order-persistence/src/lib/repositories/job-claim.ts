import type { OrderEventDto } from '@mini-commerce/contracts';

/**
 * One lease on one job. `attempt` is the job's attempt counter at claim time;
 * together with `workerId` it identifies the lease, so a worker whose lease
 * expired and was taken over can no longer settle the job.
 */
export interface JobClaim {
  jobId: number;
  orderId: string;
  amount: number;
  attempt: number;
  workerId: string;
  correlationId: string;
}

/** How a claim takes jobs. */
export interface ClaimOptions {
  /** Also take running jobs whose lease expired (their worker died); default true. */
  expiredLeases?: boolean;
  /**
   * Called with the jobs a claim has locked, before their lease commits, so that work
   * on them can overlap the commit. Only work that is safe to repeat belongs here: the
   * claim may still fail and leave the jobs queued, or (after a deadlock) lock again and
   * call this again. Only the claims that `claimNext` resolves with are leased.
   */
  onLocked?: (claims: readonly JobClaim[]) => void;
}

/** A claim's leases and the order.processing events it wrote, to publish. */
export interface ClaimResult {
  claims: JobClaim[];
  events: OrderEventDto[];
}

/** What payment recorded; `chargedAt` (payment's own timestamp) lets the journey view time the hop. */
export type PaymentOutcome =
  | { paid: true; paymentId: string; chargedAt?: string }
  | { paid: false; paymentId: string; reason: string; chargedAt?: string };

/** A charged job, ready to be settled with what payment recorded. */
export interface JobSettlement {
  claim: JobClaim;
  outcome: PaymentOutcome;
}
