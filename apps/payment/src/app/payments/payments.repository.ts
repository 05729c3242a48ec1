import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PaymentEntity } from './payment.entity';

@Injectable()
export class PaymentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get payments() {
    return this.dataSource.getRepository(PaymentEntity);
  }

  findByOrderId(orderId: string): Promise<PaymentEntity | null> {
    return this.payments.findOneBy({ orderId });
  }

  /** Throws a unique violation when the order already has a payment. */
  async insert(payment: PaymentEntity): Promise<void> {
    await this.payments.insert(payment);
  }

  /**
   * One multi-row INSERT: all or none (a single statement), so a unique violation
   * on any of them leaves nothing written.
   */
  async insertMany(payments: PaymentEntity[]): Promise<void> {
    await this.payments.insert(payments);
  }
}
