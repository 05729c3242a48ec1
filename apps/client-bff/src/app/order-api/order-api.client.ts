import { HttpService } from '@nestjs/axios';
import { HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { isAxiosError, type AxiosRequestConfig, type AxiosResponse } from 'axios';
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

/** The BFF's only way to the order service: HTTP, with the caller's correlation id. */
@Injectable()
export class OrderApiClient {
  constructor(private readonly http: HttpService) {}

  /** `replayed`: order recognised the Idempotency-Key and returned the order it created before. */
  async createOrder(
    order: CreateOrderDto,
    correlationId: string,
    idempotencyKey?: string,
  ): Promise<{ order: OrderDto; replayed: boolean }> {
    const headers = idempotencyKey ? { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } : {};
    const response = await this.send<OrderDto>({ method: 'POST', url: '/orders', data: order, headers }, correlationId);
    return { order: response.data, replayed: response.headers[IDEMPOTENT_REPLAYED_HEADER] === 'true' };
  }

  listOrders(query: ListOrdersQuery, correlationId: string): Promise<OrderPageDto> {
    return this.request({ method: 'GET', url: '/orders', params: query }, correlationId);
  }

  getOrder(id: string, correlationId: string): Promise<OrderDto> {
    return this.request({ method: 'GET', url: `/orders/${encodeURIComponent(id)}` }, correlationId);
  }

  orderJourney(id: string, correlationId: string): Promise<OrderEventDto[]> {
    return this.request({ method: 'GET', url: `/orders/${encodeURIComponent(id)}/events` }, correlationId);
  }

  /** A page of the event history: after a cursor, or the latest `limit` when `after` is undefined. */
  events(after: number | undefined, limit: number): Promise<OrderEventDto[]> {
    return this.request({ method: 'GET', url: '/events', params: { after, limit } });
  }

  private async request<T>(config: AxiosRequestConfig, correlationId?: string): Promise<T> {
    return (await this.send<T>(config, correlationId)).data;
  }

  private async send<T>(config: AxiosRequestConfig, correlationId?: string): Promise<AxiosResponse<T>> {
    const headers = { ...config.headers, ...(correlationId ? { [CORRELATION_ID_HEADER]: correlationId } : {}) };
    try {
      // The axios instance itself, not `http.request()`: its Observable, torn down once the
      // answer is in, cancels the finished request, which builds a CanceledError (and its
      // stack) on every call. Same instance, so the same baseURL and timeout.
      return await this.http.axiosRef.request<T>({ ...config, headers });
    } catch (error) {
      // order's own 4xx/5xx pass through unchanged, so the browser sees which field was wrong.
      if (isAxiosError(error) && error.response) {
        throw new HttpException(error.response.data as object, error.response.status);
      }
      throw new ServiceUnavailableException('the order service is unavailable; try again shortly');
    }
  }
}
