import type { CreateOrderDto, OrderDto, OrderEventDto } from '@mini-commerce/contracts';
import { eventually } from '@mini-commerce/testing';

export interface JsonResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export async function postJson<T>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

export async function getJson<T>(url: string): Promise<JsonResponse<T>> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

export function anOrder(overrides: Partial<CreateOrderDto> = {}): CreateOrderDto {
  return { customerName: 'Siti Rahma', productName: 'Kopi Gayo 250 g', quantity: 2, amount: 50_000, ...overrides };
}

/** Checks out over HTTP (not through the page), e.g. to make events happen elsewhere. */
export async function placeOrder(
  baseUrl: string,
  overrides: Partial<CreateOrderDto> = {},
  path = '/api/orders',
): Promise<OrderDto> {
  const { status, body } = await postJson<OrderDto>(`${baseUrl}${path}`, anOrder(overrides));
  if (status !== 201) throw new Error(`checkout answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

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
