import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

export type CircuitState = 'closed' | 'open' | 'half-open';

/** How the simulated payment provider misbehaves right now. */
export class ProviderFaultsDto {
  @ApiProperty({ example: 0, description: 'Extra latency per new charge, in ms.' })
  delayMs!: number;

  @ApiProperty({ example: 0, description: 'Share of charges that fail with a provider error, 0-100.' })
  failurePercent!: number;

  @ApiProperty({ example: false, description: 'Charges over TCP get no answer at all, so callers time out.' })
  unreachable!: boolean;
}

export class UpdateProviderFaultsDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 60_000 })
  @IsOptional()
  @Max(60_000)
  @Min(0)
  @IsInt()
  delayMs?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsOptional()
  @Max(100)
  @Min(0)
  @IsInt()
  failurePercent?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  unreachable?: boolean;
}

/** One worker as the operator panel sees it. */
export class WorkerStatusDto {
  @ApiProperty({ example: 'worker-1' })
  workerId!: string;

  @ApiProperty({ description: 'True while an operator has paused claiming.' })
  paused!: boolean;

  @ApiProperty({ enum: ['closed', 'open', 'half-open'], description: 'Circuit breaker in front of payment.' })
  paymentCircuit!: CircuitState;
}
