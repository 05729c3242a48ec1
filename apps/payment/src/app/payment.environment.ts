import { IsInt, Max, Min } from 'class-validator';
import { CommonEnvironment, IsFlag, IsPort } from '@mini-commerce/service-chassis';

export class PaymentEnvironment extends CommonEnvironment {
  @IsPort()
  PAYMENT_HTTP_PORT: number = 8002;

  /** Nest TCP microservice the queue-worker charges through. */
  @IsPort()
  PAYMENT_TCP_PORT: number = 8012;

  /** Simulated provider latency per new charge, in milliseconds. */
  @IsInt()
  @Min(0)
  @Max(60_000)
  PAYMENT_DELAY_MS: number = 0;

  /** Mounts PUT /faults for the operator panel. Never on in production. */
  @IsFlag()
  OPERATOR_CONTROLS: boolean = false;
}
