import fc from 'fast-check';
import { retryDelayMs, type BackoffPolicy } from './retry-delay';

const policy: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };
const lowest = () => 0;
const highest = () => 1;

describe('retryDelayMs', () => {
  it('waits between half and all of the base delay after the first attempt', () => {
    expect(retryDelayMs(1, policy, lowest)).toBe(policy.baseMs / 2);
    expect(retryDelayMs(1, policy, highest)).toBe(policy.baseMs);
  });

  it('doubles the ceiling with every attempt', () => {
    expect(retryDelayMs(2, policy, highest)).toBe(policy.baseMs * 2);
    expect(retryDelayMs(4, policy, highest)).toBe(policy.baseMs * 8);
    expect(retryDelayMs(4, policy, lowest)).toBe(policy.baseMs * 4);
  });

  it('caps the ceiling at the maximum, however many attempts were made', () => {
    expect(retryDelayMs(20, policy, highest)).toBe(policy.maxMs);
    expect(retryDelayMs(20, policy, lowest)).toBe(policy.maxMs / 2);
    expect(retryDelayMs(5_000, policy, highest)).toBe(policy.maxMs);
  });

  it('stays within [ceiling / 2, ceiling] and never above the maximum, for any policy and luck', () => {
    const anyPolicy = fc.record({
      baseMs: fc.integer({ min: 1, max: 10_000 }),
      maxMs: fc.integer({ min: 1, max: 600_000 }),
    });
    const anyAttempt = fc.integer({ min: 1, max: 200 });
    const anyLuck = fc.double({ min: 0, max: 1, noNaN: true });

    fc.assert(
      fc.property(anyPolicy, anyAttempt, anyLuck, (backoff, attempt, luck) => {
        const delay = retryDelayMs(attempt, backoff, () => luck);
        const ceiling = retryDelayMs(attempt, backoff, highest);

        expect(delay).toBeLessThanOrEqual(backoff.maxMs);
        expect(delay).toBeLessThanOrEqual(ceiling);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(retryDelayMs(attempt + 1, backoff, highest)).toBeGreaterThanOrEqual(ceiling);
      }),
    );
  });
});
