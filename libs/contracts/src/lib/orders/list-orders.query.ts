import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { OrderStatus } from './order-status.enum';

export class ListOrdersQuery {
  @ApiPropertyOptional({ enum: OrderStatus, description: 'Only orders in this status.' })
  @IsOptional()
  @IsEnum(OrderStatus)
  status?: OrderStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @Max(200)
  @Min(1)
  @IsInt()
  limit = 50;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page; absent for the newest page.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a cursor returned by this endpoint' })
  cursor?: string;
}
