import { ApiProperty } from '@nestjs/swagger';
import { OrderStatus } from '../orders/order-status.enum';
import { OrderEventType } from './order-event-type';

/** Which process wrote the event: lets the journey view show every hop. */
export type EventSource = 'order' | 'queue-worker';

export class OrderEventDto {
  @ApiProperty({ example: 42, description: 'Monotonic row id; the SSE `id:` and the `after` cursor.' })
  id!: number;

  @ApiProperty({ enum: OrderEventType, example: OrderEventType.Created })
  type!: OrderEventType;

  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ enum: OrderStatus, description: 'The order status after this event.' })
  status!: OrderStatus;

  @ApiProperty({ enum: ['order', 'queue-worker'] })
  source!: EventSource;

  @ApiProperty({ format: 'uuid' })
  correlationId!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { amount: 50_000 },
    description: 'Type-specific details, e.g. `reason` on order.failed, `workerId` on order.processing.',
  })
  data!: Record<string, unknown>;

  @ApiProperty({ example: '2026-11-22T08:00:00.000Z' })
  occurredAt!: string;
}
