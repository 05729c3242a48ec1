/** Lifecycle of an order. Only `paid` and `failed` are terminal. */
export enum OrderStatus {
  Pending = 'pending',
  Processing = 'processing',
  Paid = 'paid',
  Failed = 'failed',
}

export const TERMINAL_ORDER_STATUSES: readonly OrderStatus[] = [OrderStatus.Paid, OrderStatus.Failed];
