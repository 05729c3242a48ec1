import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '@mini-commerce/contracts';
import { OrderEventPublisher } from '@mini-commerce/event-bus';
import { PaymentJobRepository } from '@mini-commerce/order-persistence';
import { PaymentJobProcessor } from './payment-job.processor';
import { RequeueDeadJobsDto, RequeuedJobsDto } from './requeue-dead-jobs.dto';

/** Operator actions on the queue. Like /health, meant for the internal network only. */
@ApiTags('operations')
@Controller('jobs')
export class DeadJobsController {
  constructor(
    private readonly jobs: PaymentJobRepository,
    private readonly publisher: OrderEventPublisher,
    private readonly processor: PaymentJobProcessor,
  ) {}

  @Post('dead/requeue')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put dead payment jobs back in the queue (e.g. after a long payment outage).' })
  @ApiOkResponse({ type: RequeuedJobsDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async requeueDead(@Body() body: RequeueDeadJobsDto): Promise<RequeuedJobsDto> {
    const events = await this.jobs.requeueDead(body.orderIds);
    this.publisher.publish(events);
    if (events.length > 0) this.processor.wake();
    return { requeued: events.length };
  }
}
