import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
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
