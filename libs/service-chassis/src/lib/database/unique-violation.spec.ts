import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from './unique-violation';

describe('isUniqueViolation', () => {
  it.each(['ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE'])('recognises %s, bare and as TypeORM driverError', (code) => {
    expect(isUniqueViolation({ code })).toBe(true);
    expect(isUniqueViolation({ message: 'query failed', driverError: { code } })).toBe(true);
  });

  it.each([
    { code: 'ER_LOCK_DEADLOCK' },
    { code: 'SQLITE_CONSTRAINT_NOTNULL' },
    { driverError: { code: 'ER_NO_SUCH_TABLE' } },
    { driverError: { code: 'SQLITE_BUSY' } },
    new Error('Duplicate entry'),
    'ER_DUP_ENTRY',
    null,
    undefined,
  ])('does not mistake %p for a lost insert race', (error) => {
    expect(isUniqueViolation(error)).toBe(false);
  });

  describe('with the errors SQLite really throws', () => {
    let directory: string;
    let dataSource: DataSource;

    beforeAll(async () => {
      directory = mkdtempSync(join(tmpdir(), 'chassis-unique-'));
      dataSource = await new DataSource({
        type: 'better-sqlite3',
        database: join(directory, 'test.sqlite'),
      }).initialize();
      await dataSource.query('CREATE TABLE payments (id TEXT PRIMARY KEY, order_id TEXT NOT NULL UNIQUE)');
      await dataSource.query(`INSERT INTO payments VALUES ('p1', 'o1')`);
    });

    afterAll(async () => {
      await dataSource?.destroy();
      rmSync(directory, { recursive: true, force: true });
    });

    const failureOf = (sql: string) =>
      dataSource.query(sql).then(
        () => 'no error',
        (error: unknown) => error,
      );

    it('recognises a second row for the same unique key', async () => {
      expect(isUniqueViolation(await failureOf(`INSERT INTO payments VALUES ('p2', 'o1')`))).toBe(true);
    });

    it('does not recognise a NOT NULL violation', async () => {
      expect(isUniqueViolation(await failureOf(`INSERT INTO payments VALUES ('p3', NULL)`))).toBe(false);
    });
  });
});
