import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum PaymentJobStatus {
  /** Waiting until `availableAt`. */
  Queued = 'queued',
  /** Leased by `lockedBy` until `availableAt`; claimable again once that passes. */
  Running = 'running',
  Done = 'done',
  /** Gave up after the configured attempts; an operator may requeue it. */
  Dead = 'dead',
}

/**
 * The queue is this table. A claim pushes `availableAt` to the end of the lease,
 * so a job whose worker died becomes claimable again by itself, with no sweeper.
 */
@Entity('payment_jobs')
@Index('idx_payment_jobs_claim', ['status', 'availableAt'])
export class PaymentJobEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: number;

  @Column({ name: 'order_id', type: 'varchar', length: 36, unique: true })
  orderId!: string;

  /** Copied from the order so a claim needs no join. */
  @Column({ type: 'int' })
  amount!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: PaymentJobStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'available_at', type: 'bigint' })
  availableAt!: number;

  @Column({ name: 'locked_by', type: 'varchar', length: 64, nullable: true })
  lockedBy!: string | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64 })
  correlationId!: string;

  @Column({ name: 'created_at', type: 'bigint' })
  createdAt!: number;

  @Column({ name: 'updated_at', type: 'bigint' })
  updatedAt!: number;
}
