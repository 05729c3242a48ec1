import { randomUUID } from 'node:crypto';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { ChargePaymentDto, PaymentDto } from '@mini-commerce/contracts';
import { asError, isUniqueViolation } from '@mini-commerce/service-chassis';
import { ProviderSimulator } from '../provider-faults/provider-simulator';
import { decidePayment } from './payment-decision';
import type { PaymentEntity } from './payment.entity';
import { PaymentsRepository } from './payments.repository';

/** A charge and the correlation id of the order it is for. */
export interface ChargeRequest {
  request: ChargePaymentDto;
  correlationId: string;
}

@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly provider: ProviderSimulator,
  ) {}

  /**
   * Charges an order at most once. A repeated request — a retry after a timeout,
   * a second worker after a lease expired — gets the first result back.
   */
  async charge(request: ChargePaymentDto, correlationId: string): Promise<PaymentDto> {
    // With nothing simulated, a lookup first would nearly always come back empty:
    // insert straight away and let the unique key on order_id answer a repeat.
    if (!this.provider.idle) {
      const existing = await this.payments.findByOrderId(request.orderId);
      // A repeat must not wait or fail again.
      if (existing) return toPaymentDto(existing);
      // Latency and (when an operator asks for it) provider failures; nothing is recorded on failure.
      await this.provider.beforeCharge();
    }
    const payment = newPayment(request, correlationId);
    try {
      await this.payments.insert(payment);
      this.recorded(payment);
      return toPaymentDto(payment);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.findByOrderId(request.orderId);
    }
  }

  /**
   * Charges several orders, each at most once, with one result (or error) per charge,
   * in order. With nothing simulated they are recorded with one INSERT (one commit
   * instead of one per charge); if any was charged before, that INSERT writes nothing
   * and each charge goes its own way, so a repeat still gets its first result.
   */
  async chargeMany(charges: ChargeRequest[]): Promise<Array<PaymentDto | Error>> {
    const oneByOne = () => Promise.all(charges.map(({ request, correlationId }) => this.charge(request, correlationId).catch(asError)));
    if (!this.provider.idle) return oneByOne();
    const payments = charges.map(({ request, correlationId }) => newPayment(request, correlationId));
    try {
      await this.payments.insertMany(payments);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return oneByOne();
    }
    payments.forEach((payment) => this.recorded(payment));
    return payments.map(toPaymentDto);
  }

  async findByOrderId(orderId: string): Promise<PaymentDto> {
    const payment = await this.payments.findByOrderId(orderId);
    if (!payment) throw new NotFoundException(`no payment for order ${orderId}`);
    return toPaymentDto(payment);
  }

  private recorded({ correlationId, orderId, status }: PaymentEntity): void {
    this.logger.log({ correlationId, orderId, status }, 'payment recorded');
  }
}

function newPayment(request: ChargePaymentDto, correlationId: string): PaymentEntity {
  return {
    id: randomUUID(),
    orderId: request.orderId,
    amount: request.amount,
    ...decidePayment(request.amount),
    correlationId,
    createdAt: Date.now(),
  };
}

function toPaymentDto(payment: PaymentEntity): PaymentDto {
  return {
    id: payment.id,
    orderId: payment.orderId,
    amount: payment.amount,
    status: payment.status,
    declineReason: payment.declineReason,
    createdAt: new Date(Number(payment.createdAt)).toISOString(),
  };
}
