import type { OrderEventDto } from '@mini-commerce/contracts';
import { eventually, getJson } from '@mini-commerce/testing';

/** The order's journey, read from the order service itself, once it has reached paid or failed. */
export function settledJourney(orderUrl: string, orderId: string, timeoutMs = 20_000): Promise<OrderEventDto[]> {
  return eventually(
    async () => {
      const { body } = await getJson<OrderEventDto[]>(`${orderUrl}/orders/${orderId}/events`);
      return Array.isArray(body) && body.some((event) => event.status === 'paid' || event.status === 'failed') && body;
    },
    { timeoutMs, what: `order ${orderId} to settle` },
  );
}
