import { faultTable, formatRecovery, formatTable } from './table';
import type { FaultRow } from './report';

const row = (fault: string, overrides: Partial<FaultRow> = {}): FaultRow => ({
  fault,
  injections: 1,
  orders: 100,
  lost: 0,
  doubleCharged: 0,
  stuck: 0,
  other: 0,
  sseMissed: 0,
  maxRecoveryMs: 1_234,
  recovered: true,
  ...overrides,
});

describe('report table', () => {
  it('aligns the first column left and the numbers right, with "–" for nothing', () => {
    expect(formatTable(['fault', 'orders'], [['baseline', 5], ['payment stopped', null]])).toBe(
      ['fault            orders', '───────────────  ──────', 'baseline              5', 'payment stopped       –'].join('\n'),
    );
  });

  it('shows recovery in seconds, "> timeout" when a fault never recovered, "–" for the baseline', () => {
    expect(formatRecovery(row('worker SIGKILL'), 60_000)).toBe('1.23 s');
    expect(formatRecovery(row('worker SIGKILL', { recovered: false, maxRecoveryMs: null }), 60_000)).toBe('> 60 s');
    expect(formatRecovery(row('baseline', { injections: 0, maxRecoveryMs: null }), 60_000)).toBeNull();
  });

  it('prints a row per fault and the total', () => {
    const table = faultTable({
      rows: [row('baseline (no fault)', { injections: 0, maxRecoveryMs: null }), row('worker SIGKILL', { injections: 3, stuck: 2 })],
      total: row('total', { injections: 3, orders: 200, stuck: 2 }),
      profile: { recoveryTimeoutMs: 60_000 } as never,
    });

    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^fault\s+injections\s+orders\s+lost\s+double-charged\s+stuck\s+other\s+sse missed\s+max recovery$/);
    expect(lines[2]).toMatch(/^baseline \(no fault\)\s+–\s+100\s+0\s+0\s+0\s+0\s+0\s+–$/);
    expect(lines[3]).toMatch(/^worker SIGKILL\s+3\s+100\s+0\s+0\s+2\s+0\s+0\s+1\.23 s$/);
    expect(lines[4]).toMatch(/^total\s+3\s+200\s+0\s+0\s+2\s+0\s+0\s+1\.23 s$/);
  });
});
