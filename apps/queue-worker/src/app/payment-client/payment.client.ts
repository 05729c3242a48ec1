import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ClientProxy } from '@nestjs/microservices';
import { SpanKind } from '@opentelemetry/api';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import DataLoader from 'dataloader';
import CircuitBreaker from 'opossum';
import type { Histogram } from 'prom-client';
import { firstValueFrom, timeout } from 'rxjs';
import {
  type ChargeBatchDto,
  type ChargePaymentDto,
  type ChargeResultDto,
  type CircuitState,
  MAX_CHARGES_PER_BATCH,
  PaymentPatterns,
  PaymentStatus,
  type PaymentDto,
  type TracedMessage,
} from '@mini-commerce/contracts';
import type { JobClaim, PaymentOutcome } from '@mini-commerce/order-persistence';
import { activeTraceContext, inSpan } from '@mini-commerce/service-chassis';
import { PAYMENT_CALL_DURATION } from './payment-call.metric';

export const PAYMENT_SERVICE = Symbol('PAYMENT_SERVICE');

/**
 * Asks payment, over Nest TCP, to charge a claimed job's order. Calls go through
 * a circuit breaker: when payment keeps failing, callers are told at once
 * instead of piling timeouts onto a service that is down.
 *
 * Charges asked for in the same tick (a claimed batch) travel as one
 * `payment.charge-batch.v1` message, which payment records with one INSERT; each
 * still succeeds or fails on its own, in the breaker, the metrics and the traces.
 */
@Injectable()
export class PaymentClient implements OnModuleDestroy {
  private readonly logger = new Logger(PaymentClient.name);
  private readonly breaker: CircuitBreaker<[JobClaim], PaymentDto>;
  private readonly batches: DataLoader<TracedMessage<ChargePaymentDto>, PaymentDto>;

  constructor(
    @Inject(PAYMENT_SERVICE) private readonly client: ClientProxy,
    config: ConfigService,
    @InjectMetric(PAYMENT_CALL_DURATION) private readonly callDuration: Histogram<string>,
  ) {
    const timeoutMs = config.getOrThrow<number>('PAYMENT_TIMEOUT_MS');
    // Several drains (JOB_CONCURRENT_BATCHES) may charge in the same tick: never more per message than payment takes.
    this.batches = new DataLoader((charges) => this.sendBatch(charges, timeoutMs), {
      cache: false,
      maxBatchSize: MAX_CHARGES_PER_BATCH,
    });
    this.breaker = new CircuitBreaker((claim: JobClaim) => this.batches.load(chargeMessage(claim)), {
      timeout: false, // the rxjs timeout above already bounds each call
      errorThresholdPercentage: config.getOrThrow<number>('PAYMENT_CIRCUIT_ERROR_PERCENT'),
      volumeThreshold: config.getOrThrow<number>('PAYMENT_CIRCUIT_MIN_CALLS'),
      resetTimeout: config.getOrThrow<number>('PAYMENT_CIRCUIT_RESET_MS'),
    });
    this.breaker.on('open', () => this.logger.warn('payment circuit open: charges paused'));
    this.breaker.on('halfOpen', () => this.logger.log('payment circuit half-open: trying one charge'));
    this.breaker.on('close', () => this.logger.log('payment circuit closed: charges resumed'));
  }

  get circuitState(): CircuitState {
    if (this.breaker.halfOpen) return 'half-open';
    return this.breaker.opened ? 'open' : 'closed';
  }

  /**
   * How many of `requested` charges are worth attempting now: none while the
   * circuit is open (a claimed job would only burn an attempt), a single trial
   * while it is half-open, all of them when it is closed.
   */
  chargesAdmitted(requested: number): number {
    const admitted: Record<CircuitState, number> = { open: 0, 'half-open': 1, closed: requested };
    return admitted[this.circuitState];
  }

  /**
   * Resolves with the recorded payment; rejects when payment is unreachable, slow, failing or the circuit is open.
   * Traced as the job's span: a job attempt starts its own trace (the queue is a table, it carries no
   * trace context), found with the order's through the correlation id attribute.
   */
  charge(claim: JobClaim): Promise<PaymentOutcome> {
    const attributes = {
      'mini_commerce.order_id': claim.orderId,
      'mini_commerce.job_id': claim.jobId,
      'mini_commerce.job_attempt': claim.attempt,
      'mini_commerce.worker_id': claim.workerId,
    };
    return inSpan('payment-job.process', { kind: SpanKind.CONSUMER, correlationId: claim.correlationId, attributes }, () =>
      this.chargeUntraced(claim),
    );
  }

  private async chargeUntraced(claim: JobClaim): Promise<PaymentOutcome> {
    const stopTimer = this.callDuration.startTimer();
    let payment: PaymentDto;
    try {
      payment = await this.breaker.fire(claim);
    } catch (error) {
      stopTimer({ outcome: (error as { code?: string }).code === 'EOPENBREAKER' ? 'rejected' : 'error' });
      throw error;
    }
    stopTimer({ outcome: payment.status });
    const recorded = { paymentId: payment.id, chargedAt: payment.createdAt };
    return payment.status === PaymentStatus.Approved
      ? { paid: true, ...recorded }
      : { paid: false, ...recorded, reason: payment.declineReason ?? 'declined by payment' };
  }

  onModuleDestroy(): void {
    this.breaker.shutdown();
  }

  /** One message for the tick's charges; one result per charge, an Error for each that failed. */
  private async sendBatch(charges: readonly TracedMessage<ChargePaymentDto>[], timeoutMs: number): Promise<Array<PaymentDto | Error>> {
    const batch: ChargeBatchDto = { charges: [...charges] };
    const results = await firstValueFrom(
      this.client.send<ChargeResultDto[]>(PaymentPatterns.ChargeBatch, batch).pipe(timeout(timeoutMs)),
    );
    return results.map((result) => ('payment' in result ? result.payment : new Error(result.error)));
  }
}

/** Built inside the job's span, so payment continues that trace. */
function chargeMessage(claim: JobClaim): TracedMessage<ChargePaymentDto> {
  return {
    correlationId: claim.correlationId,
    ...activeTraceContext(),
    payload: { orderId: claim.orderId, amount: claim.amount },
  };
}
