import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { TEST_MYSQL_SERVER_URL } from './test-infrastructure';

const TEST_DATABASE_PREFIX = 'mc_test_';

export interface TestDatabase {
  name: string;
  /** `mysql://…/<name>`: what a service gets as DATABASE_URL. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named MariaDB database for one test file. It refuses any
 * name without the test prefix, so a misconfigured run can never drop real data.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `${TEST_DATABASE_PREFIX}${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE \`${assertTestName(name)}\``);
  return {
    name,
    url: `${TEST_MYSQL_SERVER_URL.replace(/\/$/, '')}/${name}`,
    drop: () => onServer(`DROP DATABASE IF EXISTS \`${assertTestName(name)}\``),
  };
}

function assertTestName(name: string): string {
  if (!name.startsWith(TEST_DATABASE_PREFIX) || !/^\w+$/.test(name)) {
    throw new Error(`refusing to touch database "${name}": test databases start with ${TEST_DATABASE_PREFIX}`);
  }
  return name;
}

async function onServer(sql: string): Promise<void> {
  const connection = await createConnection(TEST_MYSQL_SERVER_URL);
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}
