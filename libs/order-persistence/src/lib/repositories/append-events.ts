import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import type { OrderEventDto } from '@mini-commerce/contracts';
import { OrderEventEntity } from '../entities/order-event.entity';
import { toOrderEventDto } from './order-mappers';

export type NewOrderEvent = Omit<OrderEventEntity, 'id'>;

/** Inserts event rows inside the caller's transaction and returns them with their ids, ready to publish. */
export async function appendEvents(manager: EntityManager, events: NewOrderEvent[]): Promise<OrderEventDto[]> {
  const published: OrderEventDto[] = [];
  for (const event of events) {
    const { identifiers } = await manager.insert(OrderEventEntity, event as QueryDeepPartialEntity<OrderEventEntity>);
    published.push(toOrderEventDto({ ...event, id: Number(identifiers[0]['id']) }));
  }
  return published;
}
