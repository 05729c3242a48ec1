import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PaymentJobProcessor } from '../jobs/payment-job.processor';
import { PaymentClient } from '../payment-client/payment.client';
import { WorkerStatusDto } from '@mini-commerce/contracts';

/** The operator panel's handle on this worker. Only mounted when OPERATOR_CONTROLS=true. */
@ApiTags('operator')
@Controller('worker')
export class WorkerControlController {
  constructor(
    private readonly processor: PaymentJobProcessor,
    private readonly payments: PaymentClient,
  ) {}

  @Get()
  @ApiOkResponse({ type: WorkerStatusDto })
  status(): WorkerStatusDto {
    return { workerId: this.processor.workerId, paused: this.processor.isPaused, paymentCircuit: this.payments.circuitState };
  }

  @Post('pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop claiming jobs; orders wait in the queue (watch its depth grow).' })
  @ApiOkResponse({ type: WorkerStatusDto })
  async pause(): Promise<WorkerStatusDto> {
    await this.processor.pause();
    return this.status();
  }

  @Post('resume')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkerStatusDto })
  resume(): WorkerStatusDto {
    this.processor.resume();
    return this.status();
  }
}
