import { createHash } from 'node:crypto';
import type { CreateOrderDto } from '@mini-commerce/contracts';

/** Same order, same fingerprint — whatever the JSON key order or whitespace of the request. */
export function requestFingerprint(order: CreateOrderDto): string {
  const canonical = JSON.stringify([order.customerName, order.productName, order.quantity, order.amount]);
  return createHash('sha256').update(canonical).digest('hex');
}
