import { OrderEventType, OrderStatus, type OrderEventDto } from '@mini-commerce/contracts';

/** A well-formed order event with the given id; tests vary only what they are about. */
export function orderEventWithId(id: number, overrides: Partial<OrderEventDto> = {}): OrderEventDto {
  return {
    id,
    type: OrderEventType.Created,
    orderId: `order-${id}`,
    status: OrderStatus.Pending,
    source: 'order',
    correlationId: `correlation-${id}`,
    data: {},
    occurredAt: new Date(1_700_000_000_000 + id).toISOString(),
    ...overrides,
  };
}

/** The whole numbers from `from` to `to`, inclusive. */
export const idRange = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
