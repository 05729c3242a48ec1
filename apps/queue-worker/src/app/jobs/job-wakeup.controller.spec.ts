import { OrderEventType } from '@mini-commerce/contracts';
import { orderEventWithId } from '@mini-commerce/testing';
import type { PaymentJobProcessor } from './payment-job.processor';
import { JobWakeupController } from './job-wakeup.controller';

describe('JobWakeupController', () => {
  const wakeUps = (events: Parameters<JobWakeupController['onOrderEvents']>[0]) => {
    const processor = { wakeForNewJobs: jest.fn(), wake: jest.fn() };
    new JobWakeupController(processor as unknown as PaymentJobProcessor).onOrderEvents(events);
    expect(processor.wake).not.toHaveBeenCalled();
    return processor.wakeForNewJobs.mock.calls.length;
  };

  it('wakes the processor once, for new jobs only, for a message that brings new orders', () => {
    expect(wakeUps([orderEventWithId(1), orderEventWithId(2)])).toBe(1);
  });

  it('lets messages without a new order pass: their jobs are already claimed', () => {
    const processing = orderEventWithId(3, { type: OrderEventType.Processing });
    const paid = orderEventWithId(4, { type: OrderEventType.Paid });

    expect(wakeUps([processing, paid])).toBe(0);
  });
});
