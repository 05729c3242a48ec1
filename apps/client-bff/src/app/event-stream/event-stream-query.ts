import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class EventStreamQuery {
  @ApiPropertyOptional({
    example: '42 except 38,40-41',
    description:
      'Replay every event the client lacks first: those above the id, and the ids listed after `except`. ' +
      'The same form as `Last-Event-ID`, which takes precedence.',
  })
  @IsOptional()
  @IsString()
  after?: string;
}
