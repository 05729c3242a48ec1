import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PaymentStatus } from './payment-status.enum';

export class PaymentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ example: 50_000 })
  amount!: number;

  @ApiProperty({ enum: PaymentStatus })
  status!: PaymentStatus;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'amount is under Rp 10.000' })
  declineReason!: string | null;

  @ApiProperty({ example: '2026-11-22T08:00:00.050Z' })
  createdAt!: string;
}
