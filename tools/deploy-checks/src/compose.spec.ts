import { existsSync } from 'node:fs';
import { APP_NAMES, loadAppEnvironments } from './environment-classes';
import { defined, fromRoot, readText, readYaml, stringsIn } from './workspace';

/** What docker/compose.yaml promises its users, read as Compose reads it (anchors and `<<` merged). */
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
  ports?: string[];
  container_name?: string;
  profiles?: string[];
  restart?: string;
}

const COMPOSE_FILE = 'docker/compose.yaml';
const compose = readYaml<{ services: Record<string, Service> }>(COMPOSE_FILE);
const services = compose.services;
const environments = loadAppEnvironments();

/** The migration that creates the tables an app uses: order and queue-worker share the order context's. */
const MIGRATION_OF: Record<string, string> = {
  order: 'order-migrate',
  'queue-worker': 'order-migrate',
  payment: 'payment-migrate',
};

const conditionsOf = (service: Service) => {
  if (Array.isArray(service.depends_on)) throw new Error('depends_on needs the long form, with conditions');
  return Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([name, { condition }]) => [name, condition]));
};

/** Compose services an app reaches through its environment: URL hosts and *_HOST values. */
function servicesNamedIn(environment: Record<string, string>): string[] {
  const hosts = Object.entries(environment).map(([name, value]) =>
    name.endsWith('_HOST') ? value : /^[a-z]+:\/\/(?:[^@/]*@)?([^:/]+)/.exec(value)?.[1],
  );
  return hosts.filter((host): host is string => host !== undefined && host in services);
}

describe(COMPOSE_FILE, () => {
  describe.each(APP_NAMES)('%s', (app) => {
    const service = services[app];
    const environment = service?.environment ?? {};
    const { httpPort, variables } = defined(environments.get(app), `environment class of ${app}`);

    it('is built from docker/Dockerfile with APP set to the app', () => {
      expect(service).toBeDefined();
      expect(service.image).toBe(`mini-commerce/${app}`);
      expect(service.build).toMatchObject({ context: '..', dockerfile: 'docker/Dockerfile', args: { APP: app } });
      expect(service.profiles).toBeUndefined();
    });

    it('has a health check on /health/ready of its own HTTP port', () => {
      expect(service.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${httpPort}/health/ready`);
    });

    it('sets only variables its environment class declares', () => {
      const undeclared = Object.keys(environment).filter((name) => !variables.has(name));
      expect(undeclared).toEqual([]);
    });

    it('waits for healthy MySQL and Redis, its migration and the services it calls', () => {
      const conditions = conditionsOf(service);
      const expected: Record<string, string> = {};
      if (environment['DATABASE_URL']) {
        expected['mysql'] = 'service_healthy';
        expected[MIGRATION_OF[app]] = 'service_completed_successfully';
      }
      if (environment['REDIS_URL']) expected['redis'] = 'service_healthy';
      for (const host of servicesNamedIn(environment)) expected[host] ??= 'service_healthy';
      expect(conditions).toEqual(expect.objectContaining(expected));
    });
  });

  it('gives each app the infrastructure it uses in production mode', () => {
    const uses = (app: string, variable: string) => variable in (services[app].environment ?? {});
    expect(APP_NAMES.filter((app) => uses(app, 'DATABASE_URL'))).toEqual(['order', 'payment', 'queue-worker']);
    expect(APP_NAMES.filter((app) => uses(app, 'REDIS_URL'))).toEqual(['client-bff', 'order', 'queue-worker']);
  });

  it('lets the worker scale: no container_name and no host ports', () => {
    expect(services['queue-worker'].container_name).toBeUndefined();
    expect(services['queue-worker'].ports).toBeUndefined();
  });

  it('runs each migration once, with the owning image, after MySQL is healthy and one after the other', () => {
    for (const [app, migration] of [['order', 'order-migrate'], ['payment', 'payment-migrate']]) {
      expect(services[migration]).toMatchObject({ image: `mini-commerce/${app}`, command: ['node', 'migrate.js'] });
      expect(services[migration].restart ?? 'no').toBe('no');
      expect(conditionsOf(services[migration])['mysql']).toBe('service_healthy');
      expect(Object.keys(services[migration].environment ?? {})).toEqual(['DATABASE_URL']);
    }
    // Both create TypeORM's shared `migrations` table when missing: in parallel one would fail.
    expect(conditionsOf(services['payment-migrate'])['order-migrate']).toBe('service_completed_successfully');
  });

  it('health-checks MySQL and Redis', () => {
    expect(services['mysql'].healthcheck?.test).toContain('mysqladmin');
    expect(services['redis'].healthcheck?.test).toContain('redis-cli');
  });

  it('ships the health check script in the image', () => {
    expect(existsSync(fromRoot('docker/healthcheck.js'))).toBe(true);
    expect(readText('docker/Dockerfile')).toMatch(/^COPY docker\/healthcheck\.js \.\/$/m);
  });

  it("runs the app on Node's own V8 settings, as npm start, the tests and the benchmark do", () => {
    const cmd = readText('docker/Dockerfile').match(/^CMD (\[.*\])$/m)?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', 'main.js']);
  });

  it('contains no literal password: each one is a required ${VAR:?…} reference', () => {
    const required = /^\$\{[A-Z_]+:\?[^}]*\}$/;
    const problems: string[] = [];
    for (const [path, value] of stringsIn(compose)) {
      const key = path.split('.').at(-1) ?? '';
      const urlPassword = /^[a-z]+:\/\/[^:/@]*:([^@]+)@/.exec(value)?.[1];
      if (urlPassword !== undefined && !required.test(urlPassword)) problems.push(`${path}: password in URL`);
      // MYSQL_RANDOM_ROOT_PASSWORD is a flag: MySQL generates the password itself.
      if (/PASSWORD|SECRET|TOKEN/.test(key) && key !== 'MYSQL_RANDOM_ROOT_PASSWORD' && !required.test(value))
        problems.push(`${path}: literal value`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps Prometheus and Grafana in the monitoring profile', () => {
    expect(services['prometheus'].profiles).toEqual(['monitoring']);
    expect(services['grafana'].profiles).toEqual(['monitoring']);
  });
});
