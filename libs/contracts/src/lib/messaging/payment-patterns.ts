/** Nest TCP message patterns served by the payment service. */
export const PaymentPatterns = {
  /** One charge: `TracedMessage<ChargePaymentDto>` → `PaymentDto`. */
  Charge: 'payment.charge.v1',
  /**
   * Many charges in one message: `ChargeBatchDto` → `ChargeResultDto[]`, one result per
   * charge, in order. What the queue-worker sends; v1 stays for callers of the previous release.
   */
  ChargeBatch: 'payment.charge-batch.v1',
} as const;
