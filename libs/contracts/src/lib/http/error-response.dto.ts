import { ApiProperty } from '@nestjs/swagger';

/** Shape of every 4xx/5xx body (Nest's default exception format). */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['amount must not be less than 1'],
    description: 'What is wrong; validation messages start with the field name.',
  })
  message!: string | string[];

  @ApiProperty({ example: 'Bad Request' })
  error!: string;
}
