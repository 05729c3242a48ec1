/**
 * Whatever was thrown, as an `Error` of this realm, for code that tells results from
 * failures with `instanceof Error` (DataLoader, per-item batch results). A thrown non-Error,
 * or an Error from another realm (Node's own socket errors under Jest's sandbox), keeps its
 * message and its own fields (`code`, `errno`), which checks like isDatabaseUnavailable read.
 */
export function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const message = (thrown as { message?: unknown } | null)?.message;
  const error = new Error(typeof message === 'string' ? message : String(thrown));
  return typeof thrown === 'object' && thrown !== null ? Object.assign(error, thrown) : error;
}
