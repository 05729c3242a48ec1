import type { CreateOrderDto, OrderDto } from '@mini-commerce/contracts';

export interface JsonResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** POSTs `body` as JSON; a string is sent as it is, so a test can send JSON that no object serialises to. */
export async function postJson<T>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

export async function getJson<T>(url: string): Promise<JsonResponse<T>> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

/** A checkout that payment approves, with any field changed. */
export function anOrder(overrides: Partial<CreateOrderDto> = {}): CreateOrderDto {
  return { customerName: 'Siti Rahma', productName: 'Kopi Gayo 250 g', quantity: 2, amount: 50_000, ...overrides };
}

/** Checks out over HTTP, through the BFF unless `path` names order's own route; fails on anything but 201. */
export async function placeOrder(
  baseUrl: string,
  overrides: Partial<CreateOrderDto> = {},
  path = '/api/orders',
): Promise<OrderDto> {
  const { status, body } = await postJson<OrderDto>(`${baseUrl}${path}`, anOrder(overrides));
  if (status !== 201) throw new Error(`checkout answered ${status}: ${JSON.stringify(body)}`);
  return body;
}
