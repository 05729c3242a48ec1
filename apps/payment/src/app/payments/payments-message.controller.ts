import { Controller, ValidationPipe, type ValidationError } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { SpanKind } from '@opentelemetry/api';
import {
  ChargeBatchDto,
  ChargePaymentDto,
  PaymentPatterns,
  type ChargeResultDto,
  type PaymentDto,
  type TracedMessage,
} from '@mini-commerce/contracts';
import { inSpan, type SpanOptions } from '@mini-commerce/service-chassis';
import { ProviderSimulator } from '../provider-faults/provider-simulator';
import { PaymentsService } from './payments.service';

/** Nest's ValidationPipe, failing as a message handler must: an RpcException naming each field by its path. */
class MessageValidationPipe extends ValidationPipe {
  override createExceptionFactory() {
    return (errors: ValidationError[] = []) => new RpcException(`invalid charge: ${this.flattenValidationErrors(errors).join('; ')}`);
  }
}

const validMessage = new MessageValidationPipe({ whitelist: true, forbidNonWhitelisted: true });

/** The TCP face of the same service the HTTP controller uses. */
@Controller()
export class PaymentsMessageController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly provider: ProviderSimulator,
  ) {}

  @MessagePattern(PaymentPatterns.Charge)
  charge(
    @Payload('payload', validMessage) request: ChargePaymentDto,
    @Payload() message: TracedMessage<unknown>,
  ): Promise<PaymentDto> {
    return inSpan('payment.charge', chargeSpan(message, request), async () => {
      await this.provider.waitWhileUnreachable();
      try {
        return await this.payments.charge(request, message.correlationId);
      } catch (error) {
        // Only RpcException messages reach the caller; anything else becomes "Internal server error".
        throw new RpcException((error as Error).message);
      }
    });
  }

  /**
   * A worker's batch in one message. Each charge gets its own result (a payment or
   * an error) and its own span in its job's trace; the shared INSERT runs in a batch
   * span linked to all of them. Only a malformed message fails as a whole.
   */
  @MessagePattern(PaymentPatterns.ChargeBatch)
  async chargeBatch(@Payload(validMessage) { charges }: ChargeBatchDto): Promise<ChargeResultDto[]> {
    await this.provider.waitWhileUnreachable();
    const batchSpan = { kind: SpanKind.SERVER, links: charges, attributes: { 'mini_commerce.batch_size': charges.length } };
    const results = inSpan('payment.charge-batch', batchSpan, () =>
      this.payments.chargeMany(charges.map(({ payload, correlationId }) => ({ request: payload, correlationId }))),
    );
    return Promise.all(
      charges.map((charge, index) =>
        inSpan('payment.charge', chargeSpan(charge, charge.payload), () => resultAt(results, index)).then(
          (payment) => ({ payment }),
          (error: Error) => ({ error: error.message }),
        ),
      ),
    );
  }
}

/** Nest TCP carries no headers: the worker's trace context comes inside the message. */
function chargeSpan({ correlationId, traceparent, tracestate }: TracedMessage<unknown>, request: ChargePaymentDto): SpanOptions {
  return {
    kind: SpanKind.SERVER,
    correlationId,
    remoteParent: { traceparent, tracestate },
    attributes: { 'mini_commerce.order_id': request.orderId },
  };
}

async function resultAt(results: Promise<Array<PaymentDto | Error>>, index: number): Promise<PaymentDto> {
  const result = (await results)[index];
  if (result instanceof Error) throw result;
  return result;
}
