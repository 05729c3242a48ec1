import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

export class EventStreamQuery {
  @ApiPropertyOptional({
    minimum: 0,
    description: 'Replay every event with a greater id first. `Last-Event-ID` takes precedence.',
  })
  @IsOptional()
  @Type(() => Number)
  @Min(0)
  @IsInt()
  after?: number;
}
