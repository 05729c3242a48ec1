export enum PaymentStatus {
  Approved = 'approved',
  Declined = 'declined',
}

/** Payment declines any charge under this amount (rupiah). */
export const MINIMUM_CHARGE_AMOUNT = 10_000;
