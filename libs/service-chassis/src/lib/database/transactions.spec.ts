import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection, type Connection } from 'mysql2/promise';
import { DataSource, type EntityManager } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@mini-commerce/testing';
import { buildDataSourceOptions } from './data-source-options';
import { runInTransaction } from './transactions';

describe('runInTransaction on SQLite', () => {
  let directory: string;
  let dataSource: DataSource;

  const rows = async () =>
    ((await dataSource.query('SELECT label FROM entries ORDER BY id')) as Array<{ label: string }>).map((row) => row.label);

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'chassis-transactions-'));
    dataSource = await new DataSource({ type: 'better-sqlite3', database: join(directory, 'test.sqlite') }).initialize();
    await dataSource.query('CREATE TABLE entries (id INTEGER PRIMARY KEY, label TEXT NOT NULL)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  beforeEach(() => dataSource.query('DELETE FROM entries'));

  /** A transaction that writes twice with a pause between, logging when it starts and ends. */
  const slowWriter = (name: string, steps: string[], fail = false) =>
    runInTransaction(dataSource, async (manager) => {
      steps.push(`${name} begins`);
      await manager.query('INSERT INTO entries (label) VALUES (?)', [`${name}-1`]);
      await sleep(30);
      await manager.query('INSERT INTO entries (label) VALUES (?)', [`${name}-2`]);
      steps.push(`${name} ends`);
      if (fail) throw new Error(`${name} failed`);
      return name;
    });

  it('runs transactions that overlap one after the other, and commits both', async () => {
    const steps: string[] = [];

    const results = await Promise.allSettled([slowWriter('a', steps), slowWriter('b', steps), slowWriter('c', steps)]);

    expect(results).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'fulfilled', value: 'b' },
      { status: 'fulfilled', value: 'c' },
    ]);
    expect(steps).toEqual(['a begins', 'a ends', 'b begins', 'b ends', 'c begins', 'c ends']);
    expect(await rows()).toEqual(['a-1', 'a-2', 'b-1', 'b-2', 'c-1', 'c-2']);
  });

  it('rolls a failing transaction back without touching the one queued behind it', async () => {
    const steps: string[] = [];

    const [failed, next] = await Promise.allSettled([slowWriter('doomed', steps, true), slowWriter('next', steps)]);

    expect(failed).toEqual({ status: 'rejected', reason: new Error('doomed failed') });
    expect(next).toEqual({ status: 'fulfilled', value: 'next' });
    expect(await rows()).toEqual(['next-1', 'next-2']);
  });

  it('keeps working after a failure: later transactions still commit', async () => {
    await slowWriter('doomed', [], true).catch(() => undefined);

    await expect(slowWriter('later', [])).resolves.toBe('later');
    expect(await rows()).toEqual(['later-1', 'later-2']);
  });
});

describe('runInTransaction on MariaDB', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  /** A second, independent connection: commits while a transaction under test is open. */
  let other: Connection;

  /** The isolation level the server applies to this connection, whatever the server's version calls it. */
  const isolationOf = async (manager: EntityManager): Promise<string> => {
    const [row]: Array<{ level: string }> = await manager
      .query('SELECT @@session.tx_isolation AS level')
      .catch(() => manager.query('SELECT @@session.transaction_isolation AS level'));
    return row.level;
  };
  const connectionIdOf = async (manager: EntityManager): Promise<number> =>
    Number(((await manager.query('SELECT CONNECTION_ID() AS id')) as Array<{ id: number }>)[0].id);

  /**
   * What the transaction sees of a row another connection changes and commits in between
   * its two reads: READ COMMITTED sees the change, REPEATABLE READ would not.
   */
  const readsAcrossACommit = () =>
    runInTransaction(dataSource, async (manager) => {
      const read = async () =>
        ((await manager.query('SELECT label FROM entries WHERE id = 1')) as Array<{ label: string }>)[0].label;
      const before = await read();
      await other.query('UPDATE entries SET label = ? WHERE id = 1', [`${before}+`]);
      const after = await read();
      return { before, after, level: await isolationOf(manager), connection: await connectionIdOf(manager) };
    });

  const openDataSource = (poolSize: number) =>
    new DataSource(
      buildDataSourceOptions({ databaseUrl: database.url, sqliteFile: 'unused.sqlite', entities: [], migrations: [], poolSize }),
    ).initialize();

  beforeAll(async () => {
    database = await createTestDatabase('chassis_transactions');
    other = await createConnection(database.url);
    await other.query('CREATE TABLE entries (id INT PRIMARY KEY, label VARCHAR(100) NOT NULL) ENGINE=InnoDB');
    await other.query("INSERT INTO entries VALUES (1, 'x')");
  }, 30_000);

  afterAll(async () => {
    await other?.end();
    await database?.drop();
  });

  afterEach(() => dataSource?.destroy());

  it('runs READ COMMITTED on a fresh pool connection without a SET TRANSACTION per transaction', async () => {
    dataSource = await openDataSource(1);
    const runner = dataSource.createQueryRunner();
    const query = jest.spyOn(Object.getPrototypeOf(runner), 'query');
    await runner.release();

    try {
      const seen = await readsAcrossACommit();

      expect(seen.level).toBe('READ-COMMITTED');
      expect(seen.after).toBe(`${seen.before}+`);
      const statements = query.mock.calls.map(([sql]) => String(sql));
      expect(statements.filter((sql) => /ISOLATION LEVEL/i.test(sql))).toEqual([]);
      expect(statements).toContain('START TRANSACTION');
    } finally {
      query.mockRestore();
    }
  });

  it('sets READ COMMITTED on every connection of the pool, however many run at once', async () => {
    dataSource = await openDataSource(3);
    const hold = () =>
      runInTransaction(dataSource, async (manager) => {
        const level = await isolationOf(manager);
        await manager.query('SELECT SLEEP(0.05)');
        return { level, connection: await connectionIdOf(manager) };
      });

    const seen = await Promise.all([hold(), hold(), hold()]);

    expect(new Set(seen.map((one) => one.connection)).size).toBe(3);
    expect(seen.map((one) => one.level)).toEqual(['READ-COMMITTED', 'READ-COMMITTED', 'READ-COMMITTED']);
  });

  it('sets READ COMMITTED again on the connection that replaces a lost one', async () => {
    dataSource = await openDataSource(1);
    const first = await readsAcrossACommit();

    await other.query(`KILL ${first.connection}`);
    // The first attempt may still meet the dead connection; the pool then drops it.
    const retried = await eventually(() => readsAcrossACommit());

    expect(retried.connection).not.toBe(first.connection);
    expect(retried.level).toBe('READ-COMMITTED');
    expect(retried.after).toBe(`${retried.before}+`);
  });

  it('still asks for READ COMMITTED per transaction on a DataSource built elsewhere', async () => {
    dataSource = await new DataSource({ type: 'mysql', url: database.url }).initialize();

    const seen = await readsAcrossACommit();

    // SET TRANSACTION applies to the next transaction only: the session keeps the server's default.
    expect(seen.level).toBe('REPEATABLE-READ');
    expect(seen.after).toBe(`${seen.before}+`);
  });
});

/** Retries `work` for up to a second: a killed connection is noticed by the pool asynchronously. */
async function eventually<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 20) throw error;
      await sleep(50);
    }
  }
}
