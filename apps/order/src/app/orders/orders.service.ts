import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { CreateOrderDto, ListOrdersQuery, OrderDto, OrderEventDto, OrderPageDto } from '@mini-commerce/contracts';
import { OrderEventPublisher } from '@mini-commerce/event-bus';
import { OrderEventRepository, OrderRepository, toOrderDto } from '@mini-commerce/order-persistence';
import { decodeOrderCursor, encodeOrderCursor } from './order-cursor';
import { requestFingerprint } from './request-fingerprint';

export interface PlacedOrder {
  order: OrderDto;
  /** The idempotency key matched an earlier checkout, which is returned unchanged. */
  replayed: boolean;
}

@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrderRepository,
    private readonly events: OrderEventRepository,
    private readonly publisher: OrderEventPublisher,
  ) {}

  /** Stores the order with its payment job, then announces it; the worker wakes on the event. */
  async create(input: CreateOrderDto, correlationId: string, idempotencyKey?: string): Promise<PlacedOrder> {
    // Only a keyed checkout can be replayed, so only it needs the hash to compare bodies with.
    const fingerprint = idempotencyKey === undefined ? undefined : requestFingerprint(input);
    const { order, events, replayed } = await this.orders.createWithPaymentJob({
      ...input,
      id: randomUUID(),
      correlationId,
      idempotencyKey,
      requestFingerprint: fingerprint,
    });
    if (replayed && order.requestFingerprint !== fingerprint) {
      throw new ConflictException('Idempotency-Key was already used for a different order');
    }
    this.publisher.publish(events);
    return { order: toOrderDto(order), replayed };
  }

  async findById(id: string): Promise<OrderDto> {
    const order = await this.orders.findById(id);
    if (!order) throw new NotFoundException(`order ${id} does not exist`);
    return toOrderDto(order);
  }

  async list(query: ListOrdersQuery): Promise<OrderPageDto> {
    const orders = await this.orders.list({
      status: query.status,
      limit: query.limit,
      before: query.cursor ? decodeOrderCursor(query.cursor) : undefined,
    });
    const last = orders.length === query.limit ? orders[orders.length - 1] : undefined;
    return { items: orders.map(toOrderDto), nextCursor: last ? encodeOrderCursor(last) : null };
  }

  /** The order's journey: every event it produced, oldest first. */
  async history(id: string): Promise<OrderEventDto[]> {
    await this.findById(id);
    return this.events.listForOrder(id);
  }
}
