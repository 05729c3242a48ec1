import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  ErrorResponseDto,
  ProviderFaultsDto,
  UpdateProviderFaultsDto,
  WorkerStatusDto,
} from '@mini-commerce/contracts';
import { OperatorApiClient } from './operator-api.client';

/**
 * The fault panel's API: make payment slow, flaky or unreachable and pause the
 * worker, to watch retries, backoff and the circuit breaker live.
 * Only mounted when OPERATOR_CONTROLS=true.
 */
@ApiTags('operator')
@ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'payment or queue-worker cannot be reached.' })
@Controller('api/operator')
export class OperatorController {
  constructor(private readonly operator: OperatorApiClient) {}

  @Get('payment-faults')
  @ApiOkResponse({ type: ProviderFaultsDto })
  paymentFaults(): Promise<ProviderFaultsDto> {
    return this.operator.paymentFaults();
  }

  @Put('payment-faults')
  @ApiOperation({ summary: 'Set payment latency (ms), failure rate (%) or unreachability.' })
  @ApiOkResponse({ type: ProviderFaultsDto })
  updatePaymentFaults(@Body() changes: UpdateProviderFaultsDto): Promise<ProviderFaultsDto> {
    return this.operator.updatePaymentFaults(changes);
  }

  @Get('worker')
  @ApiOkResponse({ type: WorkerStatusDto })
  worker(): Promise<WorkerStatusDto> {
    return this.operator.workerStatus();
  }

  @Post('worker/pause')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkerStatusDto })
  pause(): Promise<WorkerStatusDto> {
    return this.operator.setWorkerPaused(true);
  }

  @Post('worker/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkerStatusDto })
  resume(): Promise<WorkerStatusDto> {
    return this.operator.setWorkerPaused(false);
  }
}
