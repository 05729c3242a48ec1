import { retryingDeadlocks } from './transactions';

const failure = (code: string, wrapped = false) =>
  Object.assign(new Error(code), wrapped ? { driverError: { code } } : { code });

describe('retryingDeadlocks', () => {
  it('runs a deadlock victim again, and returns what the attempt that commits returns', async () => {
    const transaction = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(failure('ER_LOCK_DEADLOCK'))
      .mockRejectedValueOnce(failure('SQLITE_BUSY', true)) // as TypeORM wraps it
      .mockResolvedValueOnce('committed');

    await expect(retryingDeadlocks(transaction)).resolves.toBe('committed');
    expect(transaction).toHaveBeenCalledTimes(3);
  });

  it('gives up after three attempts, with the last error', async () => {
    const transaction = jest.fn<Promise<string>, []>().mockRejectedValue(failure('ER_LOCK_WAIT_TIMEOUT'));

    await expect(retryingDeadlocks(transaction)).rejects.toThrow('ER_LOCK_WAIT_TIMEOUT');
    expect(transaction).toHaveBeenCalledTimes(3);
  });

  it('never repeats a transaction that failed for another reason (a unique key, a lost connection)', async () => {
    for (const code of ['ER_DUP_ENTRY', 'PROTOCOL_CONNECTION_LOST']) {
      const transaction = jest.fn<Promise<string>, []>().mockRejectedValue(failure(code));

      await expect(retryingDeadlocks(transaction)).rejects.toThrow(code);
      expect(transaction).toHaveBeenCalledTimes(1);
    }
  });
});
