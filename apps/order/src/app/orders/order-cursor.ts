import { BadRequestException } from '@nestjs/common';
import type { OrderEntity, OrderListPosition } from '@mini-commerce/order-persistence';

/** Opaque to clients: the position of the last order on a page. */
export function encodeOrderCursor(order: Pick<OrderEntity, 'createdAt' | 'id'>): string {
  return Buffer.from(`${order.createdAt}|${order.id}`).toString('base64url');
}

export function decodeOrderCursor(cursor: string): OrderListPosition {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!/^\d{1,15}$/.test(createdAt ?? '') || !/^[0-9a-f-]{36}$/.test(id ?? '')) {
    throw new BadRequestException('cursor must be a cursor returned by this endpoint');
  }
  return { createdAt: Number(createdAt), id };
}
