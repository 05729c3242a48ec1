import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import type { OrderEventDto } from '@mini-commerce/contracts';
import { OrderEventEntity } from '../entities/order-event.entity';
import { toOrderEventDto } from './order-mappers';

/** The event history: what SSE clients replay after a reconnect. */
@Injectable()
export class OrderEventRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get events() {
    return this.dataSource.getRepository(OrderEventEntity);
  }

  /** Events with an id greater than `after`, oldest first. */
  async listAfter(after: number, limit: number): Promise<OrderEventDto[]> {
    const rows = await this.events.find({ where: { id: MoreThan(after) }, order: { id: 'ASC' }, take: limit });
    return rows.map(toOrderEventDto);
  }

  /** The newest `limit` events, oldest first. */
  async listLatest(limit: number): Promise<OrderEventDto[]> {
    const rows = await this.events.find({ order: { id: 'DESC' }, take: limit });
    return rows.reverse().map(toOrderEventDto);
  }

  async listForOrder(orderId: string): Promise<OrderEventDto[]> {
    const rows = await this.events.find({ where: { orderId }, order: { id: 'ASC' } });
    return rows.map(toOrderEventDto);
  }
}
