/**
 * Bounds shared by the server's validation and the browser's form checks,
 * so both sides reject exactly the same input.
 */
export const ORDER_LIMITS = {
  textMaxLength: 100,
  quantityMin: 1,
  quantityMax: 1_000,
  amountMin: 1,
  /** Rp 1,000,000,000 — well inside a 32-bit column and any real basket. */
  amountMax: 1_000_000_000,
} as const;
