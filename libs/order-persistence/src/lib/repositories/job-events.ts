import { OrderEventType, OrderStatus } from '@mini-commerce/contracts';
import type { NewOrderEvent } from './append-events';
import type { JobClaim, JobSettlement, PaymentOutcome } from './job-claim';

/** An event the worker writes about a claimed job's order. */
export function orderEvent(
  claim: JobClaim,
  type: OrderEventType,
  status: OrderStatus,
  now: number,
  data: Record<string, unknown>,
): NewOrderEvent {
  return { orderId: claim.orderId, type, status, source: 'queue-worker', correlationId: claim.correlationId, data, occurredAt: now };
}

/** order.processing: which worker took the job, at which attempt. */
export function processingEvent(claim: JobClaim, now: number): NewOrderEvent {
  return orderEvent(claim, OrderEventType.Processing, OrderStatus.Processing, now, { workerId: claim.workerId, attempt: claim.attempt });
}

/** The job's terminal event: order.paid or order.failed, with the payment that decided it. */
export function settledEvent({ claim, outcome }: JobSettlement, now: number): NewOrderEvent {
  const reason = declineReason(outcome);
  const [type, status] = outcome.paid ? [OrderEventType.Paid, OrderStatus.Paid] : [OrderEventType.Failed, OrderStatus.Failed];
  return orderEvent(claim, type, status, now, {
    paymentId: outcome.paymentId,
    ...(outcome.chargedAt ? { chargedAt: outcome.chargedAt } : {}),
    workerId: claim.workerId,
    attempt: claim.attempt,
    ...(reason ? { reason } : {}),
  });
}

function declineReason(outcome: PaymentOutcome): string | null {
  return outcome.paid ? null : outcome.reason;
}
