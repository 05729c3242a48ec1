/** Nest TCP message patterns served by the payment service. */
export const PaymentPatterns = {
  Charge: 'payment.charge.v1',
} as const;
