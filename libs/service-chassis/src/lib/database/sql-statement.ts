import type { EntityManager } from 'typeorm';

/**
 * One parameterised SQL statement, written by hand where a service's hot path runs:
 * TypeORM's query builders cost more CPU than the database does there. The same SQL runs
 * on MySQL and on SQLite.
 */
export interface Statement {
  sql: string;
  values: unknown[];
}

/** Runs one statement through TypeORM (inside a transaction: on its connection); resolves to the driver's result. */
export function runStatement<T = unknown>(manager: EntityManager, { sql, values }: Statement): Promise<T> {
  return manager.query(sql, values);
}

/** Runs the statements one after the other in a TypeORM transaction (SQLite's way; MySQL batches them). */
export async function runEach(manager: EntityManager, statements: readonly Statement[]): Promise<void> {
  for (const statement of statements) await runStatement(manager, statement);
}

/** `?, ?, ?`: one placeholder per value of an IN list. */
export const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** A multi-row INSERT: `head` (up to VALUES), then `row` and its values once per item. */
export function insertRows<T>(head: string, row: string, items: readonly T[], valuesOf: (item: T) => unknown[]): Statement {
  return { sql: head + items.map(() => row).join(', '), values: items.flatMap(valuesOf) };
}
