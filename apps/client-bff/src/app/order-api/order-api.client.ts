import { HttpException, Injectable, ServiceUnavailableException, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Pool, type Dispatcher } from 'undici';
import {
  CORRELATION_ID_HEADER,
  type CreateOrderDto,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  type ListOrdersQuery,
  type OrderDto,
  type OrderEventDto,
  type OrderPageDto,
} from '@mini-commerce/contracts';

/** Sockets to order at most; more concurrent calls queue in the pool instead of opening more. */
const MAX_CONNECTIONS = 64;

interface OrderRequest {
  method: Dispatcher.HttpMethod;
  path: string;
  query?: object;
  body?: object;
  headers?: Record<string, string>;
}

interface OrderResponse<T> {
  data: T;
  headers: Dispatcher.ResponseData['headers'];
}

/**
 * The BFF's only way to the order service: HTTP, with the caller's correlation id.
 * Every checkout passes here, so it uses undici's keep-alive pool rather than axios,
 * which cost the BFF more CPU per checkout than Fastify and Nest together
 * (docs/performance.md). Operator calls and health checks, rare, keep @nestjs/axios.
 */
@Injectable()
export class OrderApiClient implements OnApplicationShutdown {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(config: ConfigService) {
    const orderUrl = new URL(config.getOrThrow<string>('ORDER_URL'));
    const timeoutMs = config.getOrThrow<number>('ORDER_TIMEOUT_MS');
    this.pool = new Pool(orderUrl.origin, { connections: MAX_CONNECTIONS, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    this.basePath = orderUrl.pathname.replace(/\/$/, '');
  }

  /** `replayed`: order recognised the Idempotency-Key and returned the order it created before. */
  async createOrder(
    order: CreateOrderDto,
    correlationId: string,
    idempotencyKey?: string,
  ): Promise<{ order: OrderDto; replayed: boolean }> {
    const headers: Record<string, string> = idempotencyKey ? { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } : {};
    const response = await this.send<OrderDto>({ method: 'POST', path: '/orders', body: order, headers }, correlationId);
    return { order: response.data, replayed: response.headers[IDEMPOTENT_REPLAYED_HEADER] === 'true' };
  }

  listOrders(query: ListOrdersQuery, correlationId: string): Promise<OrderPageDto> {
    return this.request({ method: 'GET', path: '/orders', query }, correlationId);
  }

  getOrder(id: string, correlationId: string): Promise<OrderDto> {
    return this.request({ method: 'GET', path: `/orders/${encodeURIComponent(id)}` }, correlationId);
  }

  orderJourney(id: string, correlationId: string): Promise<OrderEventDto[]> {
    return this.request({ method: 'GET', path: `/orders/${encodeURIComponent(id)}/events` }, correlationId);
  }

  /** A page of the event history: after a cursor, or the latest `limit` when `after` is undefined. */
  events(after: number | undefined, limit: number): Promise<OrderEventDto[]> {
    return this.request({ method: 'GET', path: '/events', query: { after, limit } });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }

  private async request<T>(request: OrderRequest, correlationId?: string): Promise<T> {
    return (await this.send<T>(request, correlationId)).data;
  }

  private async send<T>({ method, path, query, body, headers }: OrderRequest, correlationId?: string): Promise<OrderResponse<T>> {
    let response: Dispatcher.ResponseData;
    let data: T;
    try {
      response = await this.pool.request({
        method,
        path: this.basePath + path + queryString(query),
        headers: {
          ...headers,
          ...(correlationId && { [CORRELATION_ID_HEADER]: correlationId }),
          ...(body && { 'content-type': 'application/json' }),
        },
        body: body && JSON.stringify(body),
      });
      // order answers JSON, errors included; anything else means it is not itself.
      data = (await response.body.json()) as T;
    } catch {
      throw new ServiceUnavailableException('the order service is unavailable; try again shortly');
    }
    // order's own 4xx/5xx pass through unchanged, so the browser sees which field was wrong.
    if (response.statusCode >= 400) throw new HttpException(data as object, response.statusCode);
    return { data, headers: response.headers };
  }
}

/** `?a=1&b=2` of the defined values, or nothing. */
function queryString(query: object = {}): string {
  const defined = Object.entries(query).filter(([, value]) => value !== undefined);
  return defined.length ? `?${new URLSearchParams(defined.map(([key, value]): [string, string] => [key, String(value)]))}` : '';
}
