import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { ORDER_EVENT_CHANNELS } from '@mini-commerce/event-bus';
import type { PaymentJobProcessor } from './payment-job.processor';
import { JobWakeupController } from './job-wakeup.controller';

describe('JobWakeupController', () => {
  it('wakes the processor for new jobs only (not for expired leases) when orders are created', () => {
    const processor = { wakeForNewJobs: jest.fn(), wake: jest.fn() };

    new JobWakeupController(processor as unknown as PaymentJobProcessor).onOrdersCreated();

    expect(processor.wakeForNewJobs).toHaveBeenCalledTimes(1);
    expect(processor.wake).not.toHaveBeenCalled();
  });

  it("listens on the created channel only, so the workers' payment events do not wake it", () => {
    const patterns = Reflect.getMetadata(PATTERN_METADATA, JobWakeupController.prototype.onOrdersCreated);

    expect(patterns).toEqual([ORDER_EVENT_CHANNELS.created]);
  });
});
