import { Controller, ValidationPipe } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { SpanKind } from '@opentelemetry/api';
import { ChargePaymentDto, PaymentPatterns, type PaymentDto, type TracedMessage } from '@mini-commerce/contracts';
import { inSpan } from '@mini-commerce/service-chassis';
import { ProviderSimulator } from '../provider-faults/provider-simulator';
import { PaymentsService } from './payments.service';

const validPayload = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  exceptionFactory: (errors) =>
    new RpcException(`invalid charge: ${errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')}`),
});

/** The TCP face of the same service the HTTP controller uses. */
@Controller()
export class PaymentsMessageController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly provider: ProviderSimulator,
  ) {}

  @MessagePattern(PaymentPatterns.Charge)
  charge(
    @Payload('payload', validPayload) request: ChargePaymentDto,
    @Payload() { correlationId, traceparent, tracestate }: TracedMessage<unknown>,
  ): Promise<PaymentDto> {
    // Nest TCP carries no headers: the worker's trace context comes inside the message.
    const remoteParent = { traceparent, tracestate };
    const attributes = { 'mini_commerce.order_id': request.orderId };
    return inSpan('payment.charge', { kind: SpanKind.SERVER, correlationId, remoteParent, attributes }, async () => {
      await this.provider.waitWhileUnreachable();
      try {
        return await this.payments.charge(request, correlationId);
      } catch (error) {
        // Only RpcException messages reach the caller; anything else becomes "Internal server error".
        throw new RpcException((error as Error).message);
      }
    });
  }
}
