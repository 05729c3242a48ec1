import fc from 'fast-check';
import { MINIMUM_CHARGE_AMOUNT, PaymentStatus } from '@mini-commerce/contracts';
import { decidePayment } from './payment-decision';

describe('decidePayment', () => {
  it('declines a charge of Rp 9.999, naming the amount and the Rp 10.000 minimum', () => {
    const decision = decidePayment(9_999);

    expect(decision.status).toBe(PaymentStatus.Declined);
    expect(decision.declineReason).toContain('Rp 9.999');
    expect(decision.declineReason).toContain('minimum of Rp 10.000');
  });

  it('approves a charge of exactly Rp 10.000, with no reason', () => {
    expect(decidePayment(10_000)).toEqual({ status: PaymentStatus.Approved, declineReason: null });
  });

  it('declines everything under the minimum and approves everything from it up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000 }), (amount) => {
        const decision = decidePayment(amount);
        const approved = amount >= MINIMUM_CHARGE_AMOUNT;

        expect(decision.status).toBe(approved ? PaymentStatus.Approved : PaymentStatus.Declined);
        expect(decision.declineReason === null).toBe(approved);
      }),
    );
  });
});
