import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, READ_COMMITTED_SESSIONS, readCommittedMysql2 } from './data-source-options';

describe('buildDataSourceOptions', () => {
  let directory: string;

  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'chassis-db-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('uses MySQL for a mysql:// URL and creates no SQLite file', () => {
    const sqliteFile = join(directory, 'unused', 'order.sqlite');
    const options = buildDataSourceOptions({
      databaseUrl: 'mysql://root@127.0.0.1:3306/orders',
      sqliteFile,
      entities: [],
      migrations: [],
    });

    expect(options).toMatchObject({
      type: 'mysql',
      url: 'mysql://root@127.0.0.1:3306/orders',
      synchronize: false,
      extra: { trace: false },
      // mysql2 with READ COMMITTED set on every pooled connection (transactions.spec.ts checks it on MariaDB)
      driver: readCommittedMysql2,
    });
    expect((options as { driver: Record<symbol, unknown> }).driver[READ_COMMITTED_SESSIONS]).toBe(true);
    expect(existsSync(join(directory, 'unused'))).toBe(false);
  });

  it('falls back to SQLite in WAL mode, in a directory it creates', async () => {
    const sqliteFile = join(directory, 'nested', 'data', 'order.sqlite');

    const options = buildDataSourceOptions({ sqliteFile, entities: [], migrations: [] });

    expect(options).toMatchObject({
      type: 'better-sqlite3',
      database: sqliteFile,
      enableWAL: true,
      synchronize: false,
    });
    expect(existsSync(join(directory, 'nested', 'data'))).toBe(true);

    const dataSource = await new DataSource(options).initialize();
    try {
      expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(existsSync(sqliteFile)).toBe(true);
    } finally {
      await dataSource.destroy();
    }
  });
});
