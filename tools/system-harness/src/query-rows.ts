import type { RowDataPacket } from 'mysql2/promise';
import type { SystemUnderTest } from './system-under-test';

/** Runs one query on the system's test database and returns its rows. */
export async function queryRows(system: SystemUnderTest, sql: string, values: unknown[] = []): Promise<RowDataPacket[]> {
  const connection = await system.sql();
  try {
    const [rows] = await connection.query<RowDataPacket[]>(sql, values);
    return rows;
  } finally {
    await connection.end();
  }
}
