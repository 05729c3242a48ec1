import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { CORRELATION_ID_HEADER } from '@mini-commerce/contracts';

const SANE_CORRELATION_ID = /^[A-Za-z0-9-]{8,64}$/;

/** The caller's correlation id when it is sane, otherwise a new one. */
export function correlationIdOf(request: IncomingMessage): string {
  const incoming = request.headers[CORRELATION_ID_HEADER];
  return typeof incoming === 'string' && SANE_CORRELATION_ID.test(incoming) ? incoming : randomUUID();
}
