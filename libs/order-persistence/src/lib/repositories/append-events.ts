import { In, MoreThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import type { OrderEventDto } from '@mini-commerce/contracts';
import { insertRows, isMysql, runStatement, type Statement } from '@mini-commerce/service-chassis';
import { OrderEventEntity } from '../entities/order-event.entity';
import { toOrderEventDto } from './order-mappers';

export type NewOrderEvent = Omit<OrderEventEntity, 'id'>;

/**
 * How MySQL numbers the rows of one multi-row INSERT: `step` apart from the first
 * id it reports, or, when `step` is null, in no order the client can work out.
 */
interface IdAllocation {
  step: number | null;
}

const INSERT_EVENTS = 'INSERT INTO order_events (order_id, type, status, source, correlation_id, data, occurred_at) VALUES ';
const EVENT_ROW = '(?, ?, ?, ?, ?, ?, ?)';

/** One INSERT for all the events; their ids come from the result (appendEvents, withInsertedIds). */
export function insertEvents(events: readonly NewOrderEvent[]): Statement {
  return insertRows(INSERT_EVENTS, EVENT_ROW, events, eventValues);
}

function eventValues(event: NewOrderEvent): unknown[] {
  return [
    event.orderId,
    event.type,
    event.status,
    event.source,
    event.correlationId,
    JSON.stringify(event.data), // the entity's simple-json column
    event.occurredAt,
  ];
}

/** Read once per server: the settings cannot change while it runs (the lock mode is read-only). */
const idAllocations = new WeakMap<DataSource, Promise<IdAllocation>>();

/**
 * Inserts event rows inside the caller's transaction with one multi-row INSERT
 * (one round trip however many events) and returns them with their ids, ready to publish.
 */
export async function appendEvents(manager: EntityManager, events: NewOrderEvent[]): Promise<OrderEventDto[]> {
  if (events.length === 0) return [];
  // Plain SQL, the same on MySQL and SQLite: every checkout and every settlement comes
  // through here, and TypeORM's insert builder costs more CPU than the statement itself.
  const raw = await runStatement(manager, insertEvents(events));
  if (isMysql(manager.connection)) return withInsertedIds(manager, Number((raw as { insertId: number }).insertId), events);
  const ids = sqliteInsertedIds(Number(raw), events.length);
  return events.map((event, index) => toOrderEventDto({ ...event, id: ids[index] }));
}

/** MySQL: the events one multi-row INSERT stored, given the first id it reported, with their ids. */
export async function withInsertedIds(manager: EntityManager, firstId: number, events: NewOrderEvent[]): Promise<OrderEventDto[]> {
  const ids = await mysqlInsertedIds(manager, firstId, events);
  return events.map((event, index) => toOrderEventDto({ ...event, id: ids[index] }));
}

/**
 * SQLite runs the whole statement under its single write lock and gives each row
 * the next rowid in VALUES order, so the ids end at the last one it reports.
 */
function sqliteInsertedIds(lastId: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => lastId - count + 1 + index);
}

/**
 * InnoDB reports the first row's id. In the "traditional" (0) and "consecutive" (1)
 * auto-increment lock modes one INSERT gets an unbroken run of ids; in "interleaved"
 * mode (2, MySQL 8's default) concurrent inserts may take ids in between, so the
 * rows are read back instead.
 */
async function mysqlInsertedIds(manager: EntityManager, firstId: number, events: NewOrderEvent[]): Promise<number[]> {
  const { step } = await idAllocation(manager);
  if (step !== null) return events.map((_, index) => firstId + index * step);
  return readBackIds(manager, firstId, events);
}

function idAllocation(manager: EntityManager): Promise<IdAllocation> {
  const known = idAllocations.get(manager.connection);
  if (known) return known;
  const reading = readIdAllocation(manager);
  idAllocations.set(manager.connection, reading);
  // A failed read (connection lost) must not stick: the next insert asks again.
  reading.catch(() => idAllocations.delete(manager.connection));
  return reading;
}

async function readIdAllocation(manager: EntityManager): Promise<IdAllocation> {
  const [settings]: Array<{ lockMode: number | string; increment: number | string }> = await manager.query(
    'SELECT @@innodb_autoinc_lock_mode AS lockMode, @@auto_increment_increment AS increment',
  );
  const consecutive = [0, 1].includes(Number(settings.lockMode));
  return { step: consecutive ? Number(settings.increment) : null };
}

/**
 * Our rows have ids from `firstId` up, increasing in VALUES order; rows other
 * transactions committed meanwhile may sit between them. Each event takes the
 * lowest unused row with its order, type and time: no other transaction writes
 * the same event of the same order in the same millisecond, since writes to one
 * order's events are serialised by its job's row lock (order.created by the
 * order's own insert).
 */
async function readBackIds(manager: EntityManager, firstId: number, events: NewOrderEvent[]): Promise<number[]> {
  const rows = await manager.find(OrderEventEntity, {
    select: { id: true, orderId: true, type: true, occurredAt: true },
    where: { id: MoreThanOrEqual(firstId), orderId: In([...new Set(events.map((event) => event.orderId))]) },
    order: { id: 'ASC' },
  });
  const unused = rows.map((row) => ({ id: Number(row.id), key: eventKey(row) }));
  return events.map((event) => {
    const index = unused.findIndex((row) => row.key === eventKey(event));
    if (index < 0) throw new Error(`inserted event ${eventKey(event)} not found when reading back its id`);
    return unused.splice(index, 1)[0].id;
  });
}

function eventKey(event: Pick<NewOrderEvent, 'orderId' | 'type' | 'occurredAt'>): string {
  return `${event.orderId}/${event.type}/${Number(event.occurredAt)}`;
}
