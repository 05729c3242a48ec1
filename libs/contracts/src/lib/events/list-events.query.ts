import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const EVENT_PAGE_MAX = 1_000;

export class ListEventsQuery {
  @ApiPropertyOptional({
    minimum: 0,
    description: 'Return events with an id greater than this, oldest first. Absent: the latest `limit` events.',
  })
  @IsOptional()
  @Type(() => Number)
  @Min(0)
  @IsInt()
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: EVENT_PAGE_MAX, default: 500 })
  @IsOptional()
  @Type(() => Number)
  @Max(EVENT_PAGE_MAX)
  @Min(1)
  @IsInt()
  limit = 500;
}
