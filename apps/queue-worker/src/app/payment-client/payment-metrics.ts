import { makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import { paymentCallDuration } from './payment-call.metric';
import { PaymentClient } from './payment.client';

const CIRCUIT_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

export const paymentMetrics = [
  paymentCallDuration,
  makeGaugeProvider({
    name: 'mini_commerce_payment_circuit_state',
    help: 'Circuit breaker in front of payment: 0 closed, 1 half-open, 2 open.',
    inject: [PaymentClient],
    collect(this: Gauge<string>, payments: PaymentClient) {
      this.set(CIRCUIT_STATE_VALUE[payments.circuitState]);
    },
  }),
];
