/** HTTP header that carries the correlation id between services and back to the caller. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';
