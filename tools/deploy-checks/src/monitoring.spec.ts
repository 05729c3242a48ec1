import { existsSync } from 'node:fs';
import { APP_NAMES, loadAppEnvironments } from './environment-classes';
import { fromRoot, readText, readYaml } from './workspace';

/** The metrics the services export (names agreed with their implementation), and their types. */
const METRICS: Record<string, 'counter' | 'gauge' | 'histogram'> = {
  http_request_duration_seconds: 'histogram',
  // A gauge read from the database at scrape time; every order replica reports the same value, hence max().
  mini_commerce_orders: 'gauge',
  mini_commerce_queue_depth: 'gauge',
  mini_commerce_queue_oldest_job_age_seconds: 'gauge',
  mini_commerce_job_attempts_total: 'counter',
  mini_commerce_payment_call_duration_seconds: 'histogram',
  mini_commerce_payment_circuit_state: 'gauge',
  mini_commerce_sse_clients: 'gauge',
  mini_commerce_events_published_total: 'counter',
};
/** The series a query may use: a histogram is read through its _bucket, _count and _sum. */
const SERIES = new Set(
  Object.entries(METRICS).flatMap(([name, type]) =>
    type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name],
  ),
);

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string }[];
}

describe('monitoring', () => {
  const dashboard = JSON.parse(readText('docker/grafana/mini-commerce.json')) as { uid: string; panels: Panel[] };
  const queries = dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr);
  const seriesIn = (expr: string) => expr.match(/\b(?:http_request_[a-z_]+|mini_commerce_[a-z_]+)\b/g) ?? [];

  it('charts every metric on the Grafana dashboard', () => {
    const used = new Set(queries.flatMap(seriesIn).map((series) => series.replace(/_(bucket|count|sum)$/, '')));
    expect(Object.keys(METRICS).filter((metric) => !used.has(metric))).toEqual([]);
  });

  it('queries only series that exist (no misspelt metric names)', () => {
    expect(queries.flatMap(seriesIn).filter((series) => !SERIES.has(series))).toEqual([]);
  });

  it('reads rates from counters and histograms, never from gauges', () => {
    for (const expr of queries)
      for (const [, series] of expr.matchAll(/(?:rate|increase)\((\w+)/g)) expect(METRICS[series]).not.toBe('gauge');
  });

  it('lets every panel follow the dashboard data source variable, and gives each a unique id', () => {
    const charts = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(charts.filter((panel) => panel.datasource?.uid !== '${datasource}').map((p) => p.title)).toEqual([]);
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('scrapes every app on its HTTP port, by the Compose service name', () => {
    const { scrape_configs } = readYaml<{
      scrape_configs: { job_name: string; dns_sd_configs: { names: string[]; port: number }[] }[];
    }>('docker/prometheus.yml');
    const environments = loadAppEnvironments();
    const { services } = readYaml<{ services: Record<string, unknown> }>('docker/compose.yaml');
    for (const app of APP_NAMES) {
      const job = scrape_configs.find((config) => config.job_name === app);
      expect(job?.dns_sd_configs).toEqual([expect.objectContaining({ names: [app], port: environments.get(app)?.httpPort })]);
      expect(services).toHaveProperty([app]);
    }
  });

  it('mounts files that exist into Prometheus and Grafana', () => {
    const { services } = readYaml<{ services: Record<string, { volumes?: string[] }> }>('docker/compose.yaml');
    const mounted = ['prometheus', 'grafana'].flatMap((name) => services[name].volumes ?? []).map((volume) => volume.split(':')[0]);
    for (const source of mounted) expect(existsSync(fromRoot('docker', source))).toBe(true);
  });
});
