import { Column, Entity, PrimaryColumn } from 'typeorm';
import { PaymentStatus } from '@mini-commerce/contracts';

@Entity('payments')
export class PaymentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Unique: the database itself guarantees one charge per order. */
  @Column({ name: 'order_id', type: 'varchar', length: 36, unique: true })
  orderId!: string;

  @Column({ type: 'int' })
  amount!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: PaymentStatus;

  @Column({ name: 'decline_reason', type: 'varchar', length: 255, nullable: true })
  declineReason!: string | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64 })
  correlationId!: string;

  @Column({ name: 'created_at', type: 'bigint' })
  createdAt!: number;
}
