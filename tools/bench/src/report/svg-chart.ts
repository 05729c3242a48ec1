import type { AcceptanceRow, BenchResults } from './results';

export interface ChartSeries {
  name: string;
  color: string;
  dashed?: boolean;
  /** One value per x category; null where not measured. */
  values: Array<number | null>;
}

export interface PanelSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  categories: string[];
  series: ChartSeries[];
}

const WIDTH = 520;
const HEIGHT = 400;
const MARGIN = { left: 64, right: 16, top: 40, bottom: 96 };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One panel: categorical x axis, logarithmic y axis (latencies span decades), a line per series. */
export function renderPanel(panel: PanelSpec, offsetX: number): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const values = panel.series.flatMap((series) => series.values).filter((value): value is number => value !== null && value > 0 && Number.isFinite(value));
  const low = Math.floor(Math.log10(values.length ? Math.min(...values) : 1));
  const high = Math.max(low + 1, Math.ceil(Math.log10(values.length ? Math.max(...values) : 10)));
  const x = (index: number) => MARGIN.left + (panel.categories.length <= 1 ? plotWidth / 2 : (index / (panel.categories.length - 1)) * plotWidth);
  const y = (value: number) => MARGIN.top + plotHeight - ((Math.log10(value) - low) / (high - low)) * plotHeight;

  const parts: string[] = [`<g transform="translate(${offsetX},0)">`];
  parts.push(`<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escape(panel.title)}</text>`);
  for (let decade = low; decade <= high; decade++) {
    const at = y(10 ** decade);
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${at}" y2="${at}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${at + 4}" text-anchor="end" font-size="11">${10 ** decade >= 1 ? 10 ** decade : (10 ** decade).toFixed(-decade)}</text>`);
  }
  panel.categories.forEach((category, index) => {
    parts.push(`<line x1="${x(index)}" x2="${x(index)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${x(index)}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle" font-size="11">${escape(category)}</text>`);
  });
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#444"/>`);
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${MARGIN.top + plotHeight + 34}" text-anchor="middle" font-size="12">${escape(panel.xLabel)}</text>`);
  parts.push(
    `<text transform="translate(16,${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escape(panel.yLabel)}</text>`,
  );

  panel.series.forEach((series) => {
    const points = series.values
      .map((value, index) => (value !== null && value > 0 && Number.isFinite(value) ? `${x(index).toFixed(1)},${y(value).toFixed(1)}` : null))
      .filter((point): point is string => point !== null);
    if (points.length > 1) {
      parts.push(
        `<polyline points="${points.join(' ')}" fill="none" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      );
    }
    for (const point of points) {
      const [px, py] = point.split(',');
      parts.push(`<circle cx="${px}" cy="${py}" r="3" fill="${series.color}"/>`);
    }
  });

  const legendTop = MARGIN.top + plotHeight + 48;
  panel.series.forEach((series, index) => {
    const column = index % 3;
    const row = Math.floor(index / 3);
    const lx = MARGIN.left + column * 150;
    const ly = legendTop + row * 16;
    parts.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    parts.push(`<text x="${lx + 28}" y="${ly + 4}" font-size="11">${escape(series.name)}</text>`);
  });
  parts.push('</g>');
  return parts.join('\n');
}

const COLORS = { order: '#1f77b4', 'client-bff': '#ff7f0e', bare: '#2ca02c', 'nest-floor': '#9467bd', p50: '#1f77b4', p99: '#d62728', max: '#7f7f7f' };

/** latency.svg: latency percentiles against offered load, for acceptance (closed loop) and end to end (open loop). */
export function renderLatencyChart(results: BenchResults): string {
  const panels: PanelSpec[] = [];
  const acceptance = results.scenarios.orderAcceptance;
  const ceiling = results.scenarios.ceiling;
  if (acceptance || ceiling) {
    const concurrencies = acceptance?.concurrencies ?? ceiling?.bareHttp.map((row) => row.concurrency) ?? [];
    const rowsOf = (target: AcceptanceRow['target']): AcceptanceRow[] => {
      if (target === 'bare') return ceiling?.bareHttp ?? [];
      if (target === 'nest-floor') return ceiling?.nestFloor ?? [];
      return acceptance?.rows.filter((row) => row.target === target) ?? [];
    };
    const series: ChartSeries[] = [];
    for (const target of ['order', 'client-bff', 'nest-floor', 'bare'] as const) {
      const rows = rowsOf(target);
      if (rows.length === 0) continue;
      const at = (c: number) => rows.find((row) => row.concurrency === c);
      series.push({ name: `${target} p50`, color: COLORS[target], values: concurrencies.map((c) => at(c)?.latencyMs.p50 ?? null) });
      series.push({ name: `${target} p99`, color: COLORS[target], dashed: true, values: concurrencies.map((c) => at(c)?.latencyMs.p99 ?? null) });
    }
    panels.push({
      title: 'Order acceptance: POST /orders latency',
      xLabel: 'offered load: concurrent connections (closed loop)',
      yLabel: 'latency (ms, log scale)',
      categories: concurrencies.map(String),
      series,
    });
  }
  const e2e = results.scenarios.e2eLatency;
  if (e2e) {
    const categories = e2e.rows.map((row) => String(row.offeredRate));
    panels.push({
      title: 'End to end: POST → order.paid on SSE',
      xLabel: 'offered load: orders per second (open loop, via the BFF)',
      yLabel: 'latency (ms, log scale)',
      categories,
      series: (['p50', 'p99', 'max'] as const).map((key) => ({
        name: key,
        color: COLORS[key],
        dashed: key === 'max',
        values: e2e.rows.map((row) => row.latencyMs[key]),
      })),
    });
  }
  const width = Math.max(1, panels.length) * WIDTH;
  const body = panels.length
    ? panels.map((panel, index) => renderPanel(panel, index * WIDTH)).join('\n')
    : `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no latency scenario was run</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="${width}" height="${HEIGHT}" fill="white"/>`,
    body,
    '</svg>',
    '',
  ].join('\n');
}
