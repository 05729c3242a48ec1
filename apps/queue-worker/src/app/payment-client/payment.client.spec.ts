import { Histogram, Registry } from 'prom-client';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ClientProxy } from '@nestjs/microservices';
import { NEVER, of, throwError, type Observable } from 'rxjs';
import {
  MAX_CHARGES_PER_BATCH,
  PaymentPatterns,
  PaymentStatus,
  type ChargeBatchDto,
  type ChargeResultDto,
  type PaymentDto,
} from '@mini-commerce/contracts';
import type { JobClaim } from '@mini-commerce/order-persistence';
import { PaymentClient } from './payment.client';

const SETTINGS = {
  PAYMENT_TIMEOUT_MS: 100,
  PAYMENT_CIRCUIT_ERROR_PERCENT: 50,
  PAYMENT_CIRCUIT_MIN_CALLS: 3,
  PAYMENT_CIRCUIT_RESET_MS: 300,
};

const claimFor = (): JobClaim => ({
  jobId: 1,
  orderId: randomUUID(),
  amount: 50_000,
  attempt: 1,
  workerId: 'worker-1',
  correlationId: randomUUID(),
});

const paymentFor = (claim: Pick<JobClaim, 'orderId' | 'amount'>, overrides: Partial<PaymentDto> = {}): PaymentDto => ({
  id: randomUUID(),
  orderId: claim.orderId,
  amount: claim.amount,
  status: PaymentStatus.Approved,
  declineReason: null,
  createdAt: '2026-11-22T08:00:00.050Z',
  ...overrides,
});

/** Payment's reply to a batch: one result per charge, in order. */
const answers = (...results: Array<PaymentDto | string>): Observable<ChargeResultDto[]> =>
  of(results.map((result) => (typeof result === 'string' ? { error: result } : { payment: result })));

const unreachable = () => throwError(() => new Error('connect ECONNREFUSED 127.0.0.1:8012'));

describe('PaymentClient', () => {
  let send: jest.Mock<Observable<ChargeResultDto[]>, [string, ChargeBatchDto]>;
  let payments: PaymentClient;

  const failures = async (count: number) => {
    for (let i = 0; i < count; i++) await payments.charge(claimFor()).catch(() => undefined);
  };

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    send = jest.fn<Observable<ChargeResultDto[]>, [string, ChargeBatchDto]>();
    payments = new PaymentClient({ send } as unknown as ClientProxy, new ConfigService(SETTINGS), callDuration());
  });

  afterEach(() => {
    payments.onModuleDestroy();
    jest.restoreAllMocks();
  });

  describe('charge', () => {
    it("asks payment to charge the claim's order and reports an approval as paid", async () => {
      const claim = claimFor();
      const payment = paymentFor(claim);
      send.mockReturnValue(answers(payment));

      const outcome = await payments.charge(claim);

      expect(send).toHaveBeenCalledWith(PaymentPatterns.ChargeBatch, {
        charges: [{ correlationId: claim.correlationId, payload: { orderId: claim.orderId, amount: claim.amount } }],
      });
      expect(outcome).toEqual({ paid: true, paymentId: payment.id, chargedAt: payment.createdAt });
    });

    it('reports a decline as not paid, with the reason payment gave', async () => {
      const claim = claimFor();
      const payment = paymentFor(claim, { status: PaymentStatus.Declined, declineReason: 'amount is under Rp 10.000' });
      send.mockReturnValue(answers(payment));

      expect(await payments.charge(claim)).toEqual({
        paid: false,
        paymentId: payment.id,
        chargedAt: payment.createdAt,
        reason: 'amount is under Rp 10.000',
      });
    });

    it('names a decline without a reason as declined by payment', async () => {
      const claim = claimFor();
      send.mockReturnValue(answers(paymentFor(claim, { status: PaymentStatus.Declined })));

      expect(await payments.charge(claim)).toMatchObject({ paid: false, reason: 'declined by payment' });
    });

    it('gives up on a charge that takes longer than PAYMENT_TIMEOUT_MS', async () => {
      send.mockReturnValue(NEVER);
      const started = Date.now();

      await expect(payments.charge(claimFor())).rejects.toThrow();

      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(SETTINGS.PAYMENT_TIMEOUT_MS - 5);
      expect(waited).toBeLessThan(SETTINGS.PAYMENT_TIMEOUT_MS * 5);
    });

    it('sends the charges asked for together as one message, and gives each its own result', async () => {
      const claims = [claimFor(), claimFor(), claimFor()];
      send.mockReturnValue(
        answers(paymentFor(claims[0]), paymentFor(claims[1], { status: PaymentStatus.Declined }), 'payment provider error (simulated)'),
      );

      const outcomes = await Promise.allSettled(claims.map((claim) => payments.charge(claim)));

      expect(send).toHaveBeenCalledTimes(1);
      expect(send.mock.calls[0][1].charges.map((charge) => charge.payload.orderId)).toEqual(claims.map((c) => c.orderId));
      expect(outcomes).toEqual([
        { status: 'fulfilled', value: expect.objectContaining({ paid: true }) },
        { status: 'fulfilled', value: expect.objectContaining({ paid: false }) },
        { status: 'rejected', reason: new Error('payment provider error (simulated)') },
      ]);
    });

    it('never puts more charges into one message than payment accepts', async () => {
      send.mockImplementation((_pattern, { charges }) => answers(...charges.map(({ payload }) => paymentFor(payload))));
      const claims = Array.from({ length: MAX_CHARGES_PER_BATCH + 1 }, claimFor);

      await Promise.all(claims.map((claim) => payments.charge(claim)));

      expect(send.mock.calls.map(([, { charges }]) => charges.length)).toEqual([MAX_CHARGES_PER_BATCH, 1]);
    });

    it('fails every charge of a message that payment does not answer in time', async () => {
      send.mockReturnValue(NEVER);

      const outcomes = await Promise.allSettled([payments.charge(claimFor()), payments.charge(claimFor())]);

      expect(send).toHaveBeenCalledTimes(1);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    });

    it('rejects with the transport error when payment cannot be reached', async () => {
      send.mockImplementation(unreachable);

      await expect(payments.charge(claimFor())).rejects.toThrow('ECONNREFUSED');
    });
  });

  describe('circuit breaker', () => {
    it(`opens after PAYMENT_CIRCUIT_MIN_CALLS failed charges, then fails charges at once without calling payment`, async () => {
      send.mockImplementation(unreachable);
      await failures(SETTINGS.PAYMENT_CIRCUIT_MIN_CALLS);

      expect(payments.circuitState).toBe('open');
      await expect(payments.charge(claimFor())).rejects.toThrow();
      expect(send).toHaveBeenCalledTimes(SETTINGS.PAYMENT_CIRCUIT_MIN_CALLS);
    });

    it('counts each charge that payment failed within a batch as a failure', async () => {
      send.mockImplementation((_pattern, { charges }) => answers(...charges.map(() => 'database unavailable')));
      await Promise.allSettled(Array.from({ length: SETTINGS.PAYMENT_CIRCUIT_MIN_CALLS }, () => payments.charge(claimFor())));

      expect(payments.circuitState).toBe('open');
    });

    it('counts timeouts as failures', async () => {
      send.mockReturnValue(NEVER);
      await failures(SETTINGS.PAYMENT_CIRCUIT_MIN_CALLS);

      expect(payments.circuitState).toBe('open');
    });

    it('stays closed while fewer than PAYMENT_CIRCUIT_MIN_CALLS charges were made, even if all failed', async () => {
      send.mockImplementation(unreachable);
      await failures(SETTINGS.PAYMENT_CIRCUIT_MIN_CALLS - 1);

      expect(payments.circuitState).not.toBe('open');
      send.mockImplementation(() => answers(paymentFor(claimFor())));
      await expect(payments.charge(claimFor())).resolves.toMatchObject({ paid: true });
    });

    it('stays closed while the failure share is under PAYMENT_CIRCUIT_ERROR_PERCENT', async () => {
      send.mockImplementation(unreachable);
      await failures(1);
      send.mockImplementation(() => answers(paymentFor(claimFor())));
      for (let i = 0; i < 3; i++) await payments.charge(claimFor());

      expect(payments.circuitState).not.toBe('open');
    });

    it('does not count declines as failures: a declined card is not a payment outage', async () => {
      send.mockImplementation(() => answers(paymentFor(claimFor(), { status: PaymentStatus.Declined, declineReason: 'no' })));
      for (let i = 0; i < SETTINGS.PAYMENT_CIRCUIT_MIN_CALLS * 2; i++) await payments.charge(claimFor());

      expect(payments.circuitState).not.toBe('open');
    });

    it('lets a trial charge through after PAYMENT_CIRCUIT_RESET_MS and closes again when it succeeds', async () => {
      send.mockImplementation(unreachable);
      await failures(SETTINGS.PAYMENT_CIRCUIT_MIN_CALLS);
      expect(payments.circuitState).toBe('open');

      await sleep(SETTINGS.PAYMENT_CIRCUIT_RESET_MS + 50);
      const claim = claimFor();
      send.mockReturnValue(answers(paymentFor(claim)));

      await expect(payments.charge(claim)).resolves.toMatchObject({ paid: true });
      expect(payments.circuitState).not.toBe('open');
      send.mockReturnValue(answers(paymentFor(claim)));
      await expect(payments.charge(claimFor())).resolves.toMatchObject({ paid: true });
      expect(send).toHaveBeenCalledTimes(SETTINGS.PAYMENT_CIRCUIT_MIN_CALLS + 2);
    });

    it('admits every charge when closed, none when open and one trial when half-open', async () => {
      expect(payments.chargesAdmitted(32)).toBe(32);
      send.mockImplementation(unreachable);
      await failures(SETTINGS.PAYMENT_CIRCUIT_MIN_CALLS);
      expect(payments.chargesAdmitted(32)).toBe(0);

      await sleep(SETTINGS.PAYMENT_CIRCUIT_RESET_MS + 50);
      expect(payments.circuitState).toBe('half-open');
      expect(payments.chargesAdmitted(32)).toBe(1);
    });

    it('opens again at once when the trial charge fails', async () => {
      send.mockImplementation(unreachable);
      await failures(SETTINGS.PAYMENT_CIRCUIT_MIN_CALLS);
      await sleep(SETTINGS.PAYMENT_CIRCUIT_RESET_MS + 50);

      await expect(payments.charge(claimFor())).rejects.toThrow('ECONNREFUSED');

      expect(payments.circuitState).toBe('open');
      await expect(payments.charge(claimFor())).rejects.toThrow();
      expect(send).toHaveBeenCalledTimes(SETTINGS.PAYMENT_CIRCUIT_MIN_CALLS + 1);
    });
  });
});

function callDuration(): Histogram<string> {
  return new Histogram({ name: 'payment_call_test', help: 'test', labelNames: ['outcome'], registers: [new Registry()] });
}
