import { MINIMUM_CHARGE_AMOUNT, PaymentStatus } from '@mini-commerce/contracts';

export interface PaymentDecision {
  status: PaymentStatus;
  declineReason: string | null;
}

const rupiah = new Intl.NumberFormat('id-ID');

/** The provider's only rule: charges under Rp 10.000 are declined. */
export function decidePayment(amount: number): PaymentDecision {
  if (amount < MINIMUM_CHARGE_AMOUNT) {
    return {
      status: PaymentStatus.Declined,
      declineReason: `amount Rp ${rupiah.format(amount)} is under the minimum of Rp ${rupiah.format(MINIMUM_CHARGE_AMOUNT)}`,
    };
  }
  return { status: PaymentStatus.Approved, declineReason: null };
}
