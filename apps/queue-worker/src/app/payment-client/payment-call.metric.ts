import { makeHistogramProvider } from '@willsoto/nestjs-prometheus';

export const PAYMENT_CALL_DURATION = 'mini_commerce_payment_call_duration_seconds';

export const paymentCallDuration = makeHistogramProvider({
  name: PAYMENT_CALL_DURATION,
  help: 'Charge calls to payment over TCP, by outcome (approved, declined, error, rejected by the open circuit).',
  labelNames: ['outcome'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});
