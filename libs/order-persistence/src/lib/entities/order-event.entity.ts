import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { EventSource, OrderEventType, OrderStatus } from '@mini-commerce/contracts';

/** Written in the same transaction as the state change it describes. */
@Entity('order_events')
@Index('idx_order_events_order', ['orderId'])
export class OrderEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: number;

  @Column({ name: 'order_id', type: 'varchar', length: 36 })
  orderId!: string;

  @Column({ type: 'varchar', length: 40 })
  type!: OrderEventType;

  @Column({ type: 'varchar', length: 16 })
  status!: OrderStatus;

  @Column({ type: 'varchar', length: 16 })
  source!: EventSource;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64 })
  correlationId!: string;

  @Column({ type: 'simple-json' })
  data!: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'bigint' })
  occurredAt!: number;
}
