import { HttpException, Injectable, ServiceUnavailableException, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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

/** Sockets to order at most; more concurrent calls queue in the agent instead of opening more. */
const MAX_SOCKETS = 64;

interface OrderRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: object;
  body?: object;
  headers?: Record<string, string>;
}

interface OrderResponse<T> {
  statusCode: number;
  headers: IncomingHttpHeaders;
  data: T;
}

/**
 * The BFF's only way to the order service: HTTP, with the caller's correlation id.
 * Every checkout passes here, so it is Node's own HTTP client on a keep-alive agent:
 * axios cost the BFF more CPU per checkout than Fastify and Nest together, and
 * undici's module tree 12 MB of idle memory (docs/performance.md). Operator calls
 * and health checks, rare, keep @nestjs/axios.
 */
@Injectable()
export class OrderApiClient implements OnApplicationShutdown {
  private readonly origin: URL;
  /** ORDER_URL's path, without a trailing slash: the order API's paths go after it. */
  private readonly basePath: string;
  private readonly agent: HttpAgent;
  private readonly openRequest: typeof httpRequest;
  private readonly timeoutMs: number;

  constructor(config: ConfigService) {
    this.origin = new URL(config.getOrThrow<string>('ORDER_URL'));
    this.basePath = this.origin.pathname.replace(/\/$/, '');
    this.timeoutMs = config.getOrThrow<number>('ORDER_TIMEOUT_MS');
    const https = this.origin.protocol === 'https:';
    this.agent = new (https ? HttpsAgent : HttpAgent)({ keepAlive: true, maxSockets: MAX_SOCKETS });
    this.openRequest = https ? httpsRequest : httpRequest;
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

  onApplicationShutdown(): void {
    this.agent.destroy();
  }

  private async request<T>(request: OrderRequest, correlationId?: string): Promise<T> {
    return (await this.send<T>(request, correlationId)).data;
  }

  private async send<T>({ method, path, query, body, headers }: OrderRequest, correlationId?: string): Promise<OrderResponse<T>> {
    let response: OrderResponse<T>;
    try {
      response = await this.exchange<T>(
        {
          method,
          path: this.basePath + path + queryString(query),
          headers: {
            ...headers,
            ...(correlationId && { [CORRELATION_ID_HEADER]: correlationId }),
            ...(body && { 'content-type': 'application/json' }),
          },
        },
        body && JSON.stringify(body),
      );
    } catch {
      throw new ServiceUnavailableException('the order service is unavailable; try again shortly');
    }
    // order's own 4xx/5xx pass through unchanged, so the browser sees which field was wrong.
    if (response.statusCode >= 400) throw new HttpException(response.data as object, response.statusCode);
    return response;
  }

  /** One request and its JSON answer (order answers JSON, errors included); rejects past ORDER_TIMEOUT_MS. */
  private exchange<T>(options: RequestOptions, body?: string): Promise<OrderResponse<T>> {
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(deadline);
        reject(error);
      };
      const request = this.openRequest(this.origin, { ...options, agent: this.agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(deadline);
          try {
            const data = JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
            resolve({ statusCode: response.statusCode ?? 502, headers: response.headers, data });
          } catch (error) {
            reject(error);
          }
        });
      });
      const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      request.on('error', fail);
      request.end(body);
    });
  }
}

/** `?a=1&b=2` of the defined values, or nothing. */
function queryString(query: object = {}): string {
  const defined = Object.entries(query).filter(([, value]) => value !== undefined);
  return defined.length ? `?${new URLSearchParams(defined.map(([key, value]): [string, string] => [key, String(value)]))}` : '';
}
