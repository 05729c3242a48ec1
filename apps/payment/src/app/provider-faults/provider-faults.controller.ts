import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto, ProviderFaultsDto, UpdateProviderFaultsDto } from '@mini-commerce/contracts';
import { ProviderSimulator } from './provider-simulator';

/** The operator panel's handle on payment. Only mounted when OPERATOR_CONTROLS=true. */
@ApiTags('operator')
@Controller('faults')
export class ProviderFaultsController {
  constructor(private readonly simulator: ProviderSimulator) {}

  @Get()
  @ApiOkResponse({ type: ProviderFaultsDto })
  current(): ProviderFaultsDto {
    return this.simulator.current;
  }

  @Put()
  @ApiOperation({ summary: 'Make payment slow, flaky or unreachable, to watch retries and the circuit breaker.' })
  @ApiOkResponse({ type: ProviderFaultsDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  update(@Body() changes: UpdateProviderFaultsDto): ProviderFaultsDto {
    return this.simulator.update(changes);
  }
}
