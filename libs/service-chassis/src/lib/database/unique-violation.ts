const UNIQUE_VIOLATION_CODES = new Set(['ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** True when an insert lost a race against a row with the same unique key. */
export function isUniqueViolation(error: unknown): boolean {
  const failure = error as { code?: string; driverError?: { code?: string } };
  return UNIQUE_VIOLATION_CODES.has(failure?.driverError?.code ?? failure?.code ?? '');
}
