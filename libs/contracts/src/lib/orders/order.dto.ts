import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OrderStatus } from './order-status.enum';

export class OrderDto {
  @ApiProperty({ format: 'uuid', example: '3f0c1b9e-6c3a-4c53-9a57-0b8f4f1d2a10' })
  id!: string;

  @ApiProperty({ example: 'Siti Rahma' })
  customerName!: string;

  @ApiProperty({ example: 'Kopi Gayo 250 g' })
  productName!: string;

  @ApiProperty({ example: 2 })
  quantity!: number;

  @ApiProperty({ example: 50_000, description: 'Total in rupiah.' })
  amount!: number;

  @ApiProperty({ enum: OrderStatus, example: OrderStatus.Pending })
  status!: OrderStatus;

  @ApiPropertyOptional({ nullable: true, type: String, example: null, description: 'Why the order failed, when it did.' })
  failureReason!: string | null;

  @ApiProperty({ format: 'uuid', description: 'Follows this order through every service log.' })
  correlationId!: string;

  @ApiProperty({ example: '2026-11-22T08:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-22T08:00:00.120Z' })
  updatedAt!: string;
}
