/**
 * Envelope for every TCP and Redis message, so the correlation id crosses
 * transports that have no headers.
 */
export interface TracedMessage<T> {
  correlationId: string;
  /** W3C trace context of the sender, present only when tracing is on (payment.charge.v1). */
  traceparent?: string;
  tracestate?: string;
  payload: T;
}
