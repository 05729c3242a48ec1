import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { OrderStatus } from '@mini-commerce/contracts';

@Entity('orders')
@Index('idx_orders_created', ['createdAt'])
@Index('idx_orders_status_created', ['status', 'createdAt'])
export class OrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'customer_name', type: 'varchar', length: 100 })
  customerName!: string;

  @Column({ name: 'product_name', type: 'varchar', length: 100 })
  productName!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'int' })
  amount!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: OrderStatus;

  @Column({ name: 'failure_reason', type: 'varchar', length: 255, nullable: true })
  failureReason!: string | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64 })
  correlationId!: string;

  /** The client's Idempotency-Key, when it sent one. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 100, nullable: true, unique: true })
  idempotencyKey!: string | null;

  /** Hash of the request body, to tell a retry (same body) from a key reused for another order. */
  @Column({ name: 'request_fingerprint', type: 'varchar', length: 64, nullable: true })
  requestFingerprint!: string | null;

  /** Epoch milliseconds: one portable representation for MySQL and SQLite. */
  @Column({ name: 'created_at', type: 'bigint' })
  createdAt!: number;

  @Column({ name: 'updated_at', type: 'bigint' })
  updatedAt!: number;
}
