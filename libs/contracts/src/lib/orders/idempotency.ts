/** Header a client sends so that retrying a checkout never creates a second order. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** Response header set when the key matched an earlier checkout and its order is returned unchanged. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/** Visible ASCII, as most payment APIs accept (UUIDs, ULIDs, random tokens). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,100}$/;
