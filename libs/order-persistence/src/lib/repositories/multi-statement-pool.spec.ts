import type { DataSource } from 'typeorm';
import { closeMultiStatementPool, multiStatementPool } from './multi-statement-pool';

/** Enough of a MySQL DataSource to build a pool: mysql2 connects only on first use. */
const mysqlDataSource = () => ({ options: { type: 'mysql', url: 'mysql://root@127.0.0.1:3306/test' } }) as unknown as DataSource;

describe('multiStatementPool', () => {
  it('gives every repository of one DataSource the same pool, and each DataSource its own', async () => {
    const [one, other] = [mysqlDataSource(), mysqlDataSource()];

    expect(multiStatementPool(one)).toBe(multiStatementPool(one));
    expect(multiStatementPool(one)).not.toBe(multiStatementPool(other));

    await Promise.all([closeMultiStatementPool(one), closeMultiStatementPool(other)]);
  });

  it('ends the pool on close, and opens a new one on the next use', async () => {
    const dataSource = mysqlDataSource();
    const first = multiStatementPool(dataSource);
    const end = jest.spyOn(first, 'end');

    await closeMultiStatementPool(dataSource);
    await closeMultiStatementPool(dataSource); // a second close finds nothing to end

    expect(end).toHaveBeenCalledTimes(1);
    const next = multiStatementPool(dataSource);
    expect(next).not.toBe(first);
    await closeMultiStatementPool(dataSource);
  });
});
