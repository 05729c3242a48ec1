import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { ORDER_LIMITS } from '../orders/order-limits';

export class ChargePaymentDto {
  @ApiProperty({ format: 'uuid', description: 'Charging is idempotent per order id.' })
  @IsUUID()
  orderId!: string;

  @ApiProperty({ example: 50_000, minimum: ORDER_LIMITS.amountMin, maximum: ORDER_LIMITS.amountMax })
  @Max(ORDER_LIMITS.amountMax)
  @Min(ORDER_LIMITS.amountMin)
  @IsInt()
  amount!: number;
}
