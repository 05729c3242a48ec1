import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { TracedMessage } from '../messaging/traced-message';
import { ChargePaymentDto } from './charge-payment.dto';
import type { PaymentDto } from './payment.dto';

/** The most charges one message may carry; also the largest JOB_BATCH_SIZE a worker accepts. */
export const MAX_CHARGES_PER_BATCH = 500;

/** One charge of a batch, in the envelope a single charge travels in. */
export class ChargeBatchItemDto implements TracedMessage<ChargePaymentDto> {
  @ApiProperty()
  @IsString()
  @MaxLength(64)
  correlationId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  traceparent?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  tracestate?: string;

  @ApiProperty({ type: ChargePaymentDto })
  @ValidateNested()
  @Type(() => ChargePaymentDto)
  payload!: ChargePaymentDto;
}

/** `payment.charge-batch.v1`: each charge keeps its own correlation id and trace context. */
export class ChargeBatchDto {
  @ApiProperty({ type: [ChargeBatchItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHARGES_PER_BATCH)
  @ValidateNested({ each: true })
  @Type(() => ChargeBatchItemDto)
  charges!: ChargeBatchItemDto[];
}

/** The result of one charge of a batch: the payment recorded, or why none was (nothing was charged). */
export type ChargeResultDto = { payment: PaymentDto } | { error: string };
