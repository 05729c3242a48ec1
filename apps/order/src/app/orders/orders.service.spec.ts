import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException } from '@nestjs/common';
import {
  ListOrdersQuery,
  OrderEventType,
  OrderStatus,
  type CreateOrderDto,
  type OrderEventDto,
} from '@mini-commerce/contracts';
import type { OrderEventPublisher } from '@mini-commerce/event-bus';
import type {
  CreatedOrder,
  NewOrder,
  OrderEntity,
  OrderEventRepository,
  OrderListFilter,
  OrderRepository,
} from '@mini-commerce/order-persistence';
import { decodeOrderCursor, encodeOrderCursor } from './order-cursor';
import { OrdersService } from './orders.service';
import { requestFingerprint } from './request-fingerprint';

const checkout: CreateOrderDto = { customerName: 'Siti Rahma', productName: 'Kopi Gayo 250 g', quantity: 2, amount: 50_000 };

const storedOrder = (overrides: Partial<OrderEntity> = {}): OrderEntity => ({
  id: randomUUID(),
  ...checkout,
  status: OrderStatus.Pending,
  failureReason: null,
  correlationId: randomUUID(),
  idempotencyKey: null,
  requestFingerprint: null,
  createdAt: 1_795_314_543_405,
  updatedAt: 1_795_314_543_405,
  ...overrides,
});

const createdEvent = (order: OrderEntity): OrderEventDto => ({
  id: 41,
  type: OrderEventType.Created,
  orderId: order.id,
  status: OrderStatus.Pending,
  source: 'order',
  correlationId: order.correlationId,
  data: {},
  occurredAt: new Date(order.createdAt).toISOString(),
});

const listQuery = (overrides: Partial<ListOrdersQuery> = {}): ListOrdersQuery =>
  Object.assign(new ListOrdersQuery(), overrides);

describe('OrdersService', () => {
  let orders: {
    createWithPaymentJob: jest.Mock<Promise<CreatedOrder>, [NewOrder]>;
    list: jest.Mock<Promise<OrderEntity[]>, [OrderListFilter]>;
  };
  let publisher: { publish: jest.Mock<void, [readonly OrderEventDto[]]> };
  let service: OrdersService;

  const published = () => publisher.publish.mock.calls.flat(2);

  beforeEach(() => {
    orders = {
      // A new order by default: stored as given, with its order.created event.
      createWithPaymentJob: jest.fn(async (input: NewOrder) => {
        const order = storedOrder({ ...input, idempotencyKey: input.idempotencyKey ?? null });
        return { order, events: [createdEvent(order)], replayed: false };
      }),
      list: jest.fn<Promise<OrderEntity[]>, [OrderListFilter]>(async () => []),
    };
    publisher = { publish: jest.fn() };
    service = new OrdersService(
      orders as unknown as OrderRepository,
      {} as OrderEventRepository,
      publisher as unknown as OrderEventPublisher,
    );
  });

  describe('create', () => {
    it('stores a new order with its key and body fingerprint, publishes its events and returns it', async () => {
      const correlationId = randomUUID();

      const placed = await service.create(checkout, correlationId, 'key-1');

      const [input] = orders.createWithPaymentJob.mock.calls[0];
      expect(input).toEqual({
        ...checkout,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        correlationId,
        idempotencyKey: 'key-1',
        requestFingerprint: requestFingerprint(checkout),
      });
      expect(placed).toEqual({
        order: expect.objectContaining({ id: input.id, ...checkout, status: OrderStatus.Pending, correlationId }),
        replayed: false,
      });
      expect(published()).toEqual([expect.objectContaining({ type: OrderEventType.Created, orderId: input.id })]);
    });

    it('stores no fingerprint for a checkout without a key: nothing can replay it', async () => {
      await service.create(checkout, randomUUID());

      const [input] = orders.createWithPaymentJob.mock.calls[0];
      expect(input.idempotencyKey).toBeUndefined();
      expect(input.requestFingerprint).toBeUndefined();
    });

    it('gives every checkout a fresh order id', async () => {
      await service.create(checkout, randomUUID());
      await service.create(checkout, randomUUID());

      const [[first], [second]] = orders.createWithPaymentJob.mock.calls;
      expect(first.id).not.toBe(second.id);
    });

    it('returns the earlier order, marked replayed, and publishes nothing when the same body is sent again', async () => {
      const earlier = storedOrder({ idempotencyKey: 'key-1', requestFingerprint: requestFingerprint(checkout) });
      orders.createWithPaymentJob.mockResolvedValue({ order: earlier, events: [], replayed: true });

      const placed = await service.create({ ...checkout }, randomUUID(), 'key-1');

      expect(placed).toEqual({ order: expect.objectContaining({ id: earlier.id, correlationId: earlier.correlationId }), replayed: true });
      expect(published()).toEqual([]);
    });

    it('refuses a key reused for a different order with 409, and publishes nothing', async () => {
      const earlier = storedOrder({ idempotencyKey: 'key-1', requestFingerprint: requestFingerprint(checkout) });
      orders.createWithPaymentJob.mockResolvedValue({ order: earlier, events: [], replayed: true });

      const placing = service.create({ ...checkout, quantity: 3, amount: 75_000 }, randomUUID(), 'key-1');

      await expect(placing).rejects.toThrow(ConflictException);
      await expect(placing).rejects.toThrow('Idempotency-Key was already used for a different order');
      expect(published()).toEqual([]);
    });
  });

  describe('list', () => {
    const page = (size: number) =>
      Array.from({ length: size }, (_, i) => storedOrder({ createdAt: 1_795_314_543_405 - i }));

    it('returns a cursor to the last order when the page is full', async () => {
      const full = page(3);
      orders.list.mockResolvedValue(full);

      const result = await service.list(listQuery({ limit: 3 }));

      expect(result.items.map((order) => order.id)).toEqual(full.map((order) => order.id));
      expect(result.nextCursor).toBe(encodeOrderCursor(full[2]));
      expect(decodeOrderCursor(result.nextCursor as string)).toEqual({ createdAt: full[2].createdAt, id: full[2].id });
    });

    it('returns no cursor when the page is not full: there is nothing older', async () => {
      orders.list.mockResolvedValue(page(2));

      expect((await service.list(listQuery({ limit: 3 }))).nextCursor).toBeNull();
    });

    it('returns an empty page and no cursor when there are no orders', async () => {
      expect(await service.list(listQuery({ limit: 3 }))).toEqual({ items: [], nextCursor: null });
    });

    it('continues before the position in the cursor, with the status filter', async () => {
      const last = storedOrder();

      await service.list(listQuery({ limit: 5, status: OrderStatus.Paid, cursor: encodeOrderCursor(last) }));

      expect(orders.list).toHaveBeenCalledWith({
        status: OrderStatus.Paid,
        limit: 5,
        before: { createdAt: last.createdAt, id: last.id },
      });
    });

    it('starts at the newest order without a cursor', async () => {
      await service.list(listQuery());

      expect(orders.list).toHaveBeenCalledWith({ status: undefined, limit: 50, before: undefined });
    });

    it('rejects a forged cursor before reading anything', async () => {
      await expect(service.list(listQuery({ cursor: 'Zm9yZ2Vk' }))).rejects.toThrow(BadRequestException);
      expect(orders.list).not.toHaveBeenCalled();
    });
  });
});
