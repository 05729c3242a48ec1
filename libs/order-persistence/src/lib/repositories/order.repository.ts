import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { OrderEventType, OrderStatus, type OrderEventDto } from '@mini-commerce/contracts';
import { isUniqueViolation, runInTransaction } from '@mini-commerce/service-chassis';
import { OrderEntity } from '../entities/order.entity';
import { PaymentJobEntity, PaymentJobStatus } from '../entities/payment-job.entity';
import { appendEvents } from './append-events';

export interface NewOrder {
  id: string;
  customerName: string;
  productName: string;
  quantity: number;
  amount: number;
  correlationId: string;
  /** With a key, a repeated checkout returns the first order instead of a second one. */
  idempotencyKey?: string;
  requestFingerprint?: string;
}

export interface CreatedOrder {
  order: OrderEntity;
  /** Events to publish; none when the order already existed. */
  events: OrderEventDto[];
  /** True when the idempotency key matched an earlier order, which is returned unchanged. */
  replayed: boolean;
}

/** Position in the newest-first order list: strictly older than this order. */
export interface OrderListPosition {
  createdAt: number;
  id: string;
}

export interface OrderListFilter {
  status?: OrderStatus;
  limit: number;
  before?: OrderListPosition;
}

@Injectable()
export class OrderRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The order, its payment job and `order.created` commit together or not at all.
   * A request whose idempotency key is already stored gets that order back.
   */
  async createWithPaymentJob(input: NewOrder): Promise<CreatedOrder> {
    const earlier = await this.findByIdempotencyKey(input.idempotencyKey);
    if (earlier) return { order: earlier, events: [], replayed: true };
    try {
      return { ...(await this.insertWithPaymentJob(input)), replayed: false };
    } catch (error) {
      // Two concurrent requests with one key: the loser returns the winner's order.
      const winner = isUniqueViolation(error) ? await this.findByIdempotencyKey(input.idempotencyKey) : null;
      if (winner) return { order: winner, events: [], replayed: true };
      throw error;
    }
  }

  private insertWithPaymentJob(input: NewOrder): Promise<{ order: OrderEntity; events: OrderEventDto[] }> {
    const now = Date.now();
    return runInTransaction(this.dataSource, async (manager) => {
      const order = manager.create(OrderEntity, {
        ...input,
        idempotencyKey: input.idempotencyKey ?? null,
        requestFingerprint: input.requestFingerprint ?? null,
        status: OrderStatus.Pending,
        failureReason: null,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(OrderEntity, order);
      await manager.insert(PaymentJobEntity, {
        orderId: order.id,
        amount: order.amount,
        status: PaymentJobStatus.Queued,
        attempts: 0,
        availableAt: now,
        lockedBy: null,
        lastError: null,
        correlationId: order.correlationId,
        createdAt: now,
        updatedAt: now,
      });
      const events = await appendEvents(manager, [
        {
          orderId: order.id,
          type: OrderEventType.Created,
          status: OrderStatus.Pending,
          source: 'order',
          correlationId: order.correlationId,
          data: {
            customerName: order.customerName,
            productName: order.productName,
            quantity: order.quantity,
            amount: order.amount,
          },
          occurredAt: now,
        },
      ]);
      return { order, events };
    });
  }

  /** How many orders are in each status right now. */
  async countByStatus(): Promise<Array<{ status: OrderStatus; count: number }>> {
    const rows: Array<{ status: OrderStatus; count: string | number }> = await this.dataSource
      .getRepository(OrderEntity)
      .createQueryBuilder('o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('o.status')
      .getRawMany();
    return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
  }

  findById(id: string): Promise<OrderEntity | null> {
    return this.dataSource.getRepository(OrderEntity).findOneBy({ id });
  }

  private async findByIdempotencyKey(idempotencyKey: string | undefined): Promise<OrderEntity | null> {
    if (!idempotencyKey) return null;
    return this.dataSource.getRepository(OrderEntity).findOneBy({ idempotencyKey });
  }

  /** Newest first, one page at a time (keyset paging: stable while new orders arrive). */
  list(filter: OrderListFilter): Promise<OrderEntity[]> {
    const query = this.dataSource
      .getRepository(OrderEntity)
      .createQueryBuilder('o')
      .orderBy('o.createdAt', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .take(filter.limit);
    if (filter.status) query.andWhere('o.status = :status', { status: filter.status });
    const { before } = filter;
    if (before) {
      query.andWhere(
        new Brackets((older) =>
          older
            .where('o.createdAt < :createdAt', before)
            .orWhere(new Brackets((tie) => tie.where('o.createdAt = :createdAt', before).andWhere('o.id < :id', before))),
        ),
      );
    }
    return query.getMany();
  }
}
