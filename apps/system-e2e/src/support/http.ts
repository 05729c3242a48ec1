import type { CreateOrderDto, OrderDto } from '@mini-commerce/contracts';

export interface JsonResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export async function postJson<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
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

export function anOrder(overrides: Partial<CreateOrderDto> = {}): CreateOrderDto {
  return { customerName: 'Siti Rahma', productName: 'Kopi Gayo 250 g', quantity: 2, amount: 50_000, ...overrides };
}

export async function placeOrder(bffUrl: string, overrides: Partial<CreateOrderDto> = {}): Promise<OrderDto> {
  const { status, body } = await postJson<OrderDto>(`${bffUrl}/api/orders`, anOrder(overrides));
  if (status !== 201) throw new Error(`checkout answered ${status}: ${JSON.stringify(body)}`);
  return body;
}
