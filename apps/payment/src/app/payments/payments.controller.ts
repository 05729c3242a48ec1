import { Body, Controller, Get, Param, Post, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ChargePaymentDto, ErrorResponseDto, PaymentDto } from '@mini-commerce/contracts';
import { CorrelationId, uuidParam } from '@mini-commerce/service-chassis';
import { ProviderFailureError } from '../provider-faults/provider-simulator';
import { PaymentsService } from './payments.service';

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post()
  @ApiOperation({ summary: 'Charge an order (idempotent: a repeat returns the first result).' })
  @ApiCreatedResponse({ type: PaymentDto, description: 'Approved, or declined under Rp 10.000.' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'The (simulated) provider failed; nothing was charged.' })
  async charge(@Body() body: ChargePaymentDto, @CorrelationId() correlationId: string): Promise<PaymentDto> {
    try {
      return await this.payments.charge(body, correlationId);
    } catch (error) {
      if (error instanceof ProviderFailureError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
  }

  @Get(':orderId')
  @ApiOkResponse({ type: PaymentDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  findByOrder(@Param('orderId', uuidParam('orderId')) orderId: string): Promise<PaymentDto> {
    return this.payments.findByOrderId(orderId);
  }
}
