/**
 * On every span the services create themselves and on every HTTP span: the queue hop starts
 * a new trace, so this is what finds all of one order's traces (and its log lines).
 * A file of its own: the tracing bootstrap needs it without loading anything else.
 */
export const CORRELATION_ID_ATTRIBUTE = 'mini_commerce.correlation_id';
