import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { insertRows, runStatement } from '@mini-commerce/service-chassis';
import { PaymentEntity } from './payment.entity';

/**
 * A charge's INSERT as plain SQL, as order's checkout does: every charge goes through it,
 * and TypeORM's insert builder, which names, stores and then substitutes each of a batch's
 * parameters, was a fifth of payment's CPU under load (docs/performance.md).
 */
const INSERT_PAYMENTS =
  'INSERT INTO payments (id, order_id, amount, status, decline_reason, correlation_id, created_at) VALUES ';
const PAYMENT_ROW = '(?, ?, ?, ?, ?, ?, ?)';

@Injectable()
export class PaymentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByOrderId(orderId: string): Promise<PaymentEntity | null> {
    return this.dataSource.getRepository(PaymentEntity).findOneBy({ orderId });
  }

  /** Throws a unique violation when the order already has a payment. */
  insert(payment: PaymentEntity): Promise<void> {
    return this.insertMany([payment]);
  }

  /**
   * One multi-row INSERT: all or none (a single statement), so a unique violation
   * on any of them leaves nothing written.
   */
  async insertMany(payments: readonly PaymentEntity[]): Promise<void> {
    await runStatement(this.dataSource.manager, insertRows(INSERT_PAYMENTS, PAYMENT_ROW, payments, paymentValues));
  }
}

function paymentValues(payment: PaymentEntity): unknown[] {
  return [
    payment.id,
    payment.orderId,
    payment.amount,
    payment.status,
    payment.declineReason,
    payment.correlationId,
    payment.createdAt,
  ];
}
