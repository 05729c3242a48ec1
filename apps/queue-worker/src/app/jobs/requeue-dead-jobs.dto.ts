import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';

export class RequeueDeadJobsDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 200, description: 'Only these orders (at most 200); absent: every dead job.' })
  // Checked bottom-up, stopping at the first failure: type first, then size, then items.
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(200)
  @IsArray()
  orderIds?: string[];
}

export class RequeuedJobsDto {
  @ApiProperty({ example: 3 })
  requeued!: number;
}
