import { eventually } from './eventually';

describe('eventually', () => {
  it('resolves with the first value that is neither undefined nor false', async () => {
    let calls = 0;
    const value = await eventually(() => (++calls < 3 ? undefined : calls), { intervalMs: 1 });

    expect(value).toBe(3);
  });

  it('treats a throwing probe as "not yet"', async () => {
    let calls = 0;
    const value = await eventually(
      () => {
        if (++calls < 2) throw new Error('not ready');
        return 'ready';
      },
      { intervalMs: 1 },
    );

    expect(value).toBe('ready');
  });

  it('on timeout names what it waited for and the last error', async () => {
    await expect(
      eventually(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 30, intervalMs: 5, what: 'the order to be paid' },
      ),
    ).rejects.toThrow('timed out after 30 ms waiting for the order to be paid: Error: connection refused');
  });
});
