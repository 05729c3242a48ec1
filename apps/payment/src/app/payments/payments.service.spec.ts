import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { QueryFailedError } from 'typeorm';
import { PaymentStatus } from '@mini-commerce/contracts';
import type { PaymentEntity } from './payment.entity';
import { ProviderFailureError, ProviderSimulator } from '../provider-faults/provider-simulator';
import type { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';

/** The table's one guarantee, in memory: one payment per order id, violated the way MySQL reports it. */
class FakePaymentsRepository {
  readonly rows = new Map<string, PaymentEntity>();
  inserts = 0;

  async findByOrderId(orderId: string): Promise<PaymentEntity | null> {
    return this.rows.get(orderId) ?? null;
  }

  async insert(payment: PaymentEntity): Promise<void> {
    this.inserts++;
    if (this.rows.has(payment.orderId)) throw driverFailure('ER_DUP_ENTRY', `Duplicate entry '${payment.orderId}'`);
    this.rows.set(payment.orderId, { ...payment });
  }

  /** One statement: all or none. */
  async insertMany(payments: PaymentEntity[]): Promise<void> {
    this.inserts++;
    const taken = payments.find(({ orderId }) => this.rows.has(orderId));
    if (taken) throw driverFailure('ER_DUP_ENTRY', `Duplicate entry '${taken.orderId}'`);
    payments.forEach((payment) => this.rows.set(payment.orderId, { ...payment }));
  }
}

function driverFailure(code: string, message: string): QueryFailedError {
  return new QueryFailedError('INSERT INTO `payments` ...', [], Object.assign(new Error(message), { code }));
}

function paymentsService(delayMs = 0) {
  const repository = new FakePaymentsRepository();
  const config = new ConfigService({ PAYMENT_DELAY_MS: delayMs });
  const provider = new ProviderSimulator(config);
  return { repository, provider, service: new PaymentsService(repository as unknown as PaymentsRepository, provider) };
}

describe('PaymentsService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('records an approved payment for a new charge', async () => {
    const { service, repository } = paymentsService();
    const orderId = randomUUID();

    const payment = await service.charge({ orderId, amount: 50_000 }, 'corr-1');

    expect(payment).toMatchObject({ orderId, amount: 50_000, status: PaymentStatus.Approved, declineReason: null });
    expect(repository.rows.get(orderId)).toMatchObject({ id: payment.id, correlationId: 'corr-1' });
  });

  it('records a declined payment with its reason for a charge under the minimum', async () => {
    const { service } = paymentsService();

    const payment = await service.charge({ orderId: randomUUID(), amount: 9_999 }, 'corr-1');

    expect(payment.status).toBe(PaymentStatus.Declined);
    expect(payment.declineReason).toContain('Rp 9.999');
  });

  it('answers a repeated charge with the first payment, stored once', async () => {
    const { service, repository } = paymentsService();
    const orderId = randomUUID();
    const first = await service.charge({ orderId, amount: 50_000 }, 'corr-1');

    const repeat = await service.charge({ orderId, amount: 50_000 }, 'corr-2');

    expect(repeat).toEqual(first);
    expect(repository.rows.size).toBe(1);
    expect(repository.rows.get(orderId)?.correlationId).toBe('corr-1');
  });

  it('with nothing simulated, charges with one insert and no lookup first', async () => {
    const { service, repository } = paymentsService();
    const lookups = jest.spyOn(repository, 'findByOrderId');

    await service.charge({ orderId: randomUUID(), amount: 50_000 }, 'corr-1');

    expect(repository.inserts).toBe(1);
    expect(lookups).not.toHaveBeenCalled();
  });

  it('with a simulated delay, answers a repeat from the stored payment without waiting or inserting again', async () => {
    const { service, repository, provider } = paymentsService(20);
    const orderId = randomUUID();
    const first = await service.charge({ orderId, amount: 50_000 }, 'corr-1');
    const providerCalls = jest.spyOn(provider, 'beforeCharge');

    const repeat = await service.charge({ orderId, amount: 50_000 }, 'corr-2');

    expect(repeat).toEqual(first);
    expect(providerCalls).not.toHaveBeenCalled();
    expect(repository.inserts).toBe(1);
  });

  it('returns the payment the winner stored when it loses the insert race', async () => {
    const { service, repository } = paymentsService(1);
    const orderId = randomUUID();
    const winner = await service.charge({ orderId, amount: 50_000 }, 'winner');
    // The loser looked before the winner committed, so it saw no payment.
    jest.spyOn(repository, 'findByOrderId').mockResolvedValueOnce(null);

    const loser = await service.charge({ orderId, amount: 50_000 }, 'loser');

    expect(loser).toEqual(winner);
    expect(repository.inserts).toBe(2);
    expect(repository.rows.get(orderId)?.correlationId).toBe('winner');
  });

  it('lets any other insert failure propagate', async () => {
    const { service, repository } = paymentsService();
    const failure = driverFailure('ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout exceeded');
    jest.spyOn(repository, 'insert').mockRejectedValueOnce(failure);

    await expect(service.charge({ orderId: randomUUID(), amount: 50_000 }, 'corr-1')).rejects.toBe(failure);
  });

  it('waits PAYMENT_DELAY_MS before recording a new charge', async () => {
    const { service, repository } = paymentsService(300);

    const charging = service.charge({ orderId: randomUUID(), amount: 50_000 }, 'corr-1');
    await sleep(50);
    expect(repository.inserts).toBe(0);

    await charging;
    expect(repository.inserts).toBe(1);
  });

  describe('chargeMany', () => {
    const chargeOf = (amount: number, orderId: string = randomUUID()) => ({ request: { orderId, amount }, correlationId: `corr-${orderId}` });

    it('records a batch with one insert and answers each charge in order', async () => {
      const { service, repository } = paymentsService();
      const charges = [chargeOf(50_000), chargeOf(9_000), chargeOf(12_000)];

      const results = await service.chargeMany(charges);

      expect(repository.inserts).toBe(1);
      expect(results).toEqual([
        expect.objectContaining({ orderId: charges[0].request.orderId, status: PaymentStatus.Approved }),
        expect.objectContaining({ orderId: charges[1].request.orderId, status: PaymentStatus.Declined }),
        expect.objectContaining({ orderId: charges[2].request.orderId, status: PaymentStatus.Approved }),
      ]);
      expect(repository.rows.get(charges[1].request.orderId)?.correlationId).toBe(charges[1].correlationId);
    });

    it('answers an order charged before with its first payment and still records the others', async () => {
      const { service, repository } = paymentsService();
      const repeated = chargeOf(50_000);
      const first = await service.charge(repeated.request, repeated.correlationId);
      const fresh = chargeOf(20_000);

      const [repeat, recorded] = await service.chargeMany([repeated, fresh]);

      expect(repeat).toEqual(first);
      expect(recorded).toMatchObject({ orderId: fresh.request.orderId, status: PaymentStatus.Approved });
      expect(repository.rows.size).toBe(2);
    });

    it('gives a failed charge its own error and records nothing for it when the provider fails', async () => {
      const { service, repository, provider } = paymentsService();
      provider.update({ failurePercent: 100 });

      const results = await service.chargeMany([chargeOf(50_000), chargeOf(20_000)]);

      expect(results).toEqual([new ProviderFailureError(), new ProviderFailureError()]);
      expect(repository.rows.size).toBe(0);
    });

    it('fails the whole batch on a database error, recording none of it', async () => {
      const { service, repository } = paymentsService();
      const failure = driverFailure('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:3306');
      jest.spyOn(repository, 'insertMany').mockRejectedValueOnce(failure);

      await expect(service.chargeMany([chargeOf(50_000), chargeOf(20_000)])).rejects.toBe(failure);
      expect(repository.rows.size).toBe(0);
    });
  });

  it('reports a payment that does not exist as not found', async () => {
    const { service } = paymentsService();

    await expect(service.findByOrderId('3f0c1b9e-6c3a-4c53-9a57-0b8f4f1d2a10')).rejects.toMatchObject({
      status: 404,
      message: 'no payment for order 3f0c1b9e-6c3a-4c53-9a57-0b8f4f1d2a10',
    });
  });
});
