/**
 * Envelope for every TCP and Redis message, so the correlation id crosses
 * transports that have no headers.
 */
export interface TracedMessage<T> {
  correlationId: string;
  payload: T;
}
