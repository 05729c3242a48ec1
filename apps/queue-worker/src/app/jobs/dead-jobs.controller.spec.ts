import { randomUUID } from 'node:crypto';
import { OrderEventType, OrderStatus, type OrderEventDto } from '@mini-commerce/contracts';
import type { OrderEventPublisher } from '@mini-commerce/event-bus';
import type { PaymentJobRepository } from '@mini-commerce/order-persistence';
import { DeadJobsController } from './dead-jobs.controller';
import type { PaymentJobProcessor } from './payment-job.processor';

const requeuedEvent = (id: number): OrderEventDto => ({
  id,
  type: OrderEventType.PaymentRequeued,
  orderId: randomUUID(),
  status: OrderStatus.Processing,
  source: 'queue-worker',
  correlationId: randomUUID(),
  data: { previousError: 'payment unavailable after 8 attempts: timeout' },
  occurredAt: '2026-11-22T08:00:00.000Z',
});

describe('DeadJobsController', () => {
  let requeueDead: jest.Mock<Promise<OrderEventDto[]>, [readonly string[] | undefined]>;
  let publish: jest.Mock<void, [readonly OrderEventDto[]]>;
  let wake: jest.Mock<void, []>;
  let controller: DeadJobsController;

  beforeEach(() => {
    requeueDead = jest.fn<Promise<OrderEventDto[]>, [readonly string[] | undefined]>(async () => []);
    publish = jest.fn();
    wake = jest.fn();
    controller = new DeadJobsController(
      { requeueDead } as unknown as PaymentJobRepository,
      { publish } as unknown as OrderEventPublisher,
      { wake } as unknown as PaymentJobProcessor,
    );
  });

  it('requeues every dead job, publishes an event per job and wakes the worker to claim them', async () => {
    const events = [requeuedEvent(11), requeuedEvent(12)];
    requeueDead.mockResolvedValue(events);

    const result = await controller.requeueDead({});

    expect(requeueDead).toHaveBeenCalledWith(undefined);
    expect(result).toEqual({ requeued: 2 });
    expect(publish.mock.calls.flat(2)).toEqual(events);
    expect(wake).toHaveBeenCalledTimes(1);
  });

  it('requeues only the orders it is asked for', async () => {
    const orderIds = [randomUUID(), randomUUID()];
    requeueDead.mockResolvedValue([requeuedEvent(13)]);

    expect(await controller.requeueDead({ orderIds })).toEqual({ requeued: 1 });
    expect(requeueDead).toHaveBeenCalledWith(orderIds);
  });

  it('does not wake the worker, or publish anything, when there was nothing dead to requeue', async () => {
    expect(await controller.requeueDead({ orderIds: [randomUUID()] })).toEqual({ requeued: 0 });

    expect(publish.mock.calls.flat(2)).toEqual([]);
    expect(wake).not.toHaveBeenCalled();
  });
});
