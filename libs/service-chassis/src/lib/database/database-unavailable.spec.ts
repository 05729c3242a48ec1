import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { TEST_MYSQL_SERVER_URL, unusedPort } from '@mini-commerce/testing';
import { isDatabaseUnavailable } from './database-unavailable';

const failureOf = (work: () => Promise<unknown>) =>
  work().then(
    () => 'no error',
    (error: unknown) => error,
  );

describe('isDatabaseUnavailable', () => {
  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
    'EHOSTUNREACH',
    'ENOTFOUND',
    'PROTOCOL_CONNECTION_LOST',
    'PROTOCOL_SEQUENCE_TIMEOUT',
    'ER_CON_COUNT_ERROR',
    'ER_SERVER_SHUTDOWN',
    'SQLITE_BUSY',
  ])('recognises %s, bare and as TypeORM driverError', (code) => {
    expect(isDatabaseUnavailable(Object.assign(new Error('failed'), { code }))).toBe(true);
    expect(isDatabaseUnavailable({ message: 'query failed', driverError: { code } })).toBe(true);
  });

  it.each([
    { code: 'ER_PARSE_ERROR' },
    { code: 'ER_DUP_ENTRY' },
    { code: 'SQLITE_ERROR' },
    { driverError: { code: 'ER_NO_SUCH_TABLE' } },
    new Error('connect ECONNREFUSED 127.0.0.1:3306'),
    'ECONNREFUSED',
    null,
    undefined,
  ])('does not mistake %p for an unreachable database', (error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('recognises the error MySQL gives when nothing listens on its port', async () => {
    const dataSource = new DataSource({ type: 'mysql', url: `mysql://root@127.0.0.1:${await unusedPort()}/orders` });

    const failure = await failureOf(() => dataSource.initialize());

    expect(isDatabaseUnavailable(failure)).toBe(true);
  });

  describe('with the errors a reachable database really throws', () => {
    let mysql: DataSource;
    let sqlite: DataSource;
    let directory: string;

    beforeAll(async () => {
      directory = mkdtempSync(join(tmpdir(), 'chassis-unavailable-'));
      mysql = await new DataSource({ type: 'mysql', url: TEST_MYSQL_SERVER_URL }).initialize();
      sqlite = await new DataSource({ type: 'better-sqlite3', database: join(directory, 'test.sqlite') }).initialize();
    });

    afterAll(async () => {
      await mysql?.destroy();
      await sqlite?.destroy();
      rmSync(directory, { recursive: true, force: true });
    });

    it.each([
      ['MariaDB', () => mysql],
      ['SQLite', () => sqlite],
    ])('does not call a syntax error on %s "unavailable"', async (_backend, dataSource) => {
      const failure = await failureOf(() => dataSource().query('SELEC 1'));

      expect(failure).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(failure)).toBe(false);
    });
  });
});
