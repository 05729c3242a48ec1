import type { ChaosReport, FaultRow } from './report';

type Cell = string | number | null | undefined;

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function formatTable(headers: readonly string[], rows: readonly Cell[][]): string {
  const text = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '–' : String(cell))));
  const widths = headers.map((header, column) => Math.max(header.length, ...text.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(headers), widths.map((width) => '─'.repeat(width)).join('  '), ...text.map(line)].join('\n');
}

/** "2.31 s"; "> 60 s" when it never recovered; "–" when there was nothing to recover from. */
export function formatRecovery(row: Pick<FaultRow, 'maxRecoveryMs' | 'recovered' | 'injections'>, timeoutMs: number): string | null {
  if (!row.recovered) return `> ${Math.round(timeoutMs / 1000)} s`;
  if (row.maxRecoveryMs === null || row.injections === 0) return null;
  return `${(row.maxRecoveryMs / 1000).toFixed(2)} s`;
}

export const FAULT_TABLE_HEADERS = ['fault', 'injections', 'orders', 'lost', 'double-charged', 'stuck', 'other', 'sse missed', 'max recovery'];

export function faultTable(report: Pick<ChaosReport, 'rows' | 'total' | 'profile'>): string {
  const cells = (row: FaultRow): Cell[] => [
    row.fault,
    row.injections || null,
    row.orders,
    row.lost,
    row.doubleCharged,
    row.stuck,
    row.other,
    row.sseMissed,
    formatRecovery(row, report.profile.recoveryTimeoutMs),
  ];
  return formatTable(FAULT_TABLE_HEADERS, [...report.rows.map(cells), cells(report.total)]);
}

/** How the checkouts were answered while each fault was on: the client's side of the story. */
export function clientTable(report: Pick<ChaosReport, 'client'>): string {
  const answered = (answers: Record<string, number>, label: string) => answers[label] ?? 0;
  return formatTable(
    ['phase', 'POSTs', '201', '503', 'refused/reset', 'timeout', 'other', 'slowest answer*', 'slowest 503*'],
    report.client.map(({ phase, posts, answers, slowestAnswerMs, slowestByAnswerMs }) => {
      const known = ['201', '503', 'network', 'timeout'];
      const other = Object.entries(answers)
        .filter(([label]) => !known.includes(label))
        .map(([label, n]) => `${n}×${label}`)
        .join(' ');
      return [
        phase,
        posts,
        answered(answers, '201'),
        answered(answers, '503'),
        answered(answers, 'network'),
        answered(answers, 'timeout'),
        other || 0,
        `${(slowestAnswerMs / 1000).toFixed(2)} s`,
        slowestByAnswerMs['503'] === undefined ? null : `${(slowestByAnswerMs['503'] / 1000).toFixed(2)} s`,
      ];
    }),
  );
}

/** Everything printed at the end of a run. */
export function formatReport(report: ChaosReport): string {
  const out: string[] = [];
  out.push(
    `mini-commerce chaos run — ${report.profile.name} — seed ${report.seed} — ${report.profile.ordersPerSecond} orders/s — ` +
      `${report.wallSeconds} s — database ${report.database}`,
    `Events through ${report.redis}. Build: ${Object.entries(report.build).map(([app, hash]) => `${app} ${hash}`).join(', ')}.`,
    '',
    faultTable(report),
    '',
    'Checkout answers per phase (the client retries every failed POST with the same Idempotency-Key):',
    clientTable(report),
    '* from the moment the request had a connection (the client keeps at most 32, like a browser).',
    '',
    'Injections:',
    ...report.injections.map(
      (injection) =>
        `  ${injection.startedAt.slice(11, 23)} ${injection.fault}: ${injection.detail}; down ${(injection.downMs / 1000).toFixed(1)} s, ` +
        `backlog ${injection.backlog}, ${injection.recovered ? `recovered in ${((injection.recoveryMs ?? 0) / 1000).toFixed(2)} s` : 'NOT recovered'}`,
    ),
    '',
    `Totals: ${report.totals.checkouts} checkouts, ${report.totals.accepted} accepted, ${report.totals.paid} paid, ` +
      `${report.totals.failed} failed, ${report.totals.payments} payments (${report.totals.approvedPayments} approved), ${report.totals.events} events; ` +
      `quiet ${(report.quiescence.settleMs / 1000).toFixed(1)} s after the load stopped.`,
    'Browsers (plain EventSource, connected for the whole run):',
    ...report.browsers.map(
      (b) =>
        `  ${b.name}: ${b.received} events (${b.duplicates} duplicates), ${b.connections} connection(s), last event ${b.lastEventAt?.slice(11, 23) ?? '–'}` +
        (b.gaveUp ? `; GAVE UP at ${b.gaveUp.at.slice(11, 23)}: ${b.gaveUp.message}` : ''),
    ),
    `Tool event-loop delay (the proxies run on it): p50 ${report.toolEventLoopDelayMs.p50} ms, p99 ${report.toolEventLoopDelayMs.p99} ms, ` +
      `max ${report.toolEventLoopDelayMs.max} ms.`,
  );
  if (report.problems.length) out.push('', 'Problems:', ...report.problems.map((problem) => `  - ${problem}`));
  if (report.violationCount) {
    out.push('', `Violations (${report.violationCount}; first 20):`, ...report.violations.slice(0, 20).map((v) => `  - [${v.kind}] (${v.phase}) ${v.message}`));
    if (report.sseEvidence.length) {
      out.push('', "Each BFF process's /api/events answers (the last ones of each):", ...report.sseEvidence.map((line) => `  ${line.slice(0, 300)}`));
    }
    for (const evidence of report.evidence.slice(0, 3)) {
      out.push('', `Evidence for order ${evidence.orderId} (${evidence.phase}; ${evidence.kinds.join(', ')}):`);
      out.push(`  job: ${JSON.stringify(evidence.job)}`, `  payments: ${JSON.stringify(evidence.payments)}`);
      out.push(...evidence.events.map((event) => `  event #${event.id} ${event.type} ${JSON.stringify(event.data)}`));
      out.push(...evidence.logLines.slice(0, 15).map((line) => `  log ${line.slice(0, 300)}`));
    }
  }
  out.push('', `Verdict: ${report.verdict === 'pass' ? 'PASS — no order lost, charged twice or stuck' : 'FAIL'}`);
  return `${out.join('\n')}\n`;
}
