import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { OrderEventType, OrderStatus, type OrderEventDto } from '@mini-commerce/contracts';
import { isMysql, isUniqueViolation, runEach, runInTransaction } from '@mini-commerce/service-chassis';
import { OrderEntity } from '../entities/order.entity';
import { appendEvents, type NewOrderEvent } from './append-events';
import { insertOrders, insertQueuedJobs } from './checkout-statements';
import { MysqlCheckoutBatch } from './mysql-checkout-batch';

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
  /** MySQL only: checkouts committed in groups, one round trip each (SQLite has no round trips to save). */
  private readonly checkoutBatch: MysqlCheckoutBatch | null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.checkoutBatch = isMysql(dataSource) ? new MysqlCheckoutBatch(dataSource) : null;
  }

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

  private async insertWithPaymentJob(input: NewOrder): Promise<{ order: OrderEntity; events: OrderEventDto[] }> {
    const now = Date.now();
    const order = Object.assign(new OrderEntity(), {
      id: input.id,
      customerName: input.customerName,
      productName: input.productName,
      quantity: input.quantity,
      amount: input.amount,
      status: OrderStatus.Pending,
      failureReason: null,
      correlationId: input.correlationId,
      idempotencyKey: input.idempotencyKey ?? null,
      requestFingerprint: input.requestFingerprint ?? null,
      createdAt: now,
      updatedAt: now,
    });
    const created: NewOrderEvent = {
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
    };
    if (this.checkoutBatch) return { order, events: [await this.checkoutBatch.run(order, created)] };
    return runInTransaction(this.dataSource, async (manager) => {
      await runEach(manager, [insertOrders([order]), insertQueuedJobs([order])]);
      return { order, events: await appendEvents(manager, [created]) };
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
