import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { ORDER_LIMITS } from './order-limits';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * Validation stops at a field's first error, and class-validator checks the
 * decorator nearest the property first: so the type check sits at the bottom,
 * and "amount: '5'" is reported as a type error, not as out of range.
 */
export class CreateOrderDto {
  @ApiProperty({ example: 'Siti Rahma', maxLength: ORDER_LIMITS.textMaxLength, description: 'Customer name; trimmed.' })
  @Transform(trim)
  @MaxLength(ORDER_LIMITS.textMaxLength)
  @IsNotEmpty()
  @IsString()
  customerName!: string;

  @ApiProperty({ example: 'Kopi Gayo 250 g', maxLength: ORDER_LIMITS.textMaxLength, description: 'Product name; trimmed.' })
  @Transform(trim)
  @MaxLength(ORDER_LIMITS.textMaxLength)
  @IsNotEmpty()
  @IsString()
  productName!: string;

  @ApiProperty({ example: 2, minimum: ORDER_LIMITS.quantityMin, maximum: ORDER_LIMITS.quantityMax })
  @Max(ORDER_LIMITS.quantityMax)
  @Min(ORDER_LIMITS.quantityMin)
  @IsInt()
  quantity!: number;

  @ApiProperty({
    example: 50_000,
    minimum: ORDER_LIMITS.amountMin,
    maximum: ORDER_LIMITS.amountMax,
    description: 'Total amount in rupiah (integer). Payment declines anything under Rp 10,000.',
  })
  @Max(ORDER_LIMITS.amountMax)
  @Min(ORDER_LIMITS.amountMin)
  @IsInt()
  amount!: number;
}
