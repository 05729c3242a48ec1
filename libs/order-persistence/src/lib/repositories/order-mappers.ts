import type { OrderDto, OrderEventDto } from '@mini-commerce/contracts';
import type { OrderEntity } from '../entities/order.entity';
import type { OrderEventEntity } from '../entities/order-event.entity';

const isoTime = (epochMs: number) => new Date(Number(epochMs)).toISOString();

export function toOrderDto(order: OrderEntity): OrderDto {
  return {
    id: order.id,
    customerName: order.customerName,
    productName: order.productName,
    quantity: order.quantity,
    amount: order.amount,
    status: order.status,
    failureReason: order.failureReason,
    correlationId: order.correlationId,
    createdAt: isoTime(order.createdAt),
    updatedAt: isoTime(order.updatedAt),
  };
}

export function toOrderEventDto(event: OrderEventEntity): OrderEventDto {
  return {
    id: Number(event.id),
    type: event.type,
    orderId: event.orderId,
    status: event.status,
    source: event.source,
    correlationId: event.correlationId,
    data: event.data,
    occurredAt: isoTime(event.occurredAt),
  };
}
