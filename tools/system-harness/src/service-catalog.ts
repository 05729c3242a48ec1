import { resolve } from 'node:path';

export type AppName = 'order' | 'payment' | 'queue-worker' | 'client-bff';

/** Start order: payment before the worker that calls it, order before the BFF that proxies to it. */
export const APPS: readonly AppName[] = ['payment', 'order', 'queue-worker', 'client-bff'];

/** The environment variable holding each app's HTTP port (health, docs). */
export const HTTP_PORT_VARIABLE: Record<AppName, string> = {
  order: 'ORDER_HTTP_PORT',
  payment: 'PAYMENT_HTTP_PORT',
  'queue-worker': 'WORKER_HTTP_PORT',
  'client-bff': 'BFF_HTTP_PORT',
};

/** Apps whose `migrate.js` owns a schema. */
export const MIGRATING_APPS: readonly AppName[] = ['order', 'payment'];

export const workspaceRoot = resolve(__dirname, '../../..');

export const builtEntry = (app: AppName, entry: 'main' | 'migrate' = 'main') =>
  resolve(workspaceRoot, 'dist/apps', app, `${entry}.js`);

/**
 * Every port variable, offset from `base` (default layout: 8000-8003 HTTP,
 * 8010/8012/8013 TCP). Tests use another base so they never collide with a
 * running `npm start`.
 */
export function portLayout(base = 8000): Record<string, string> {
  const port = (offset: number) => String(base + offset);
  return {
    BFF_HTTP_PORT: port(0),
    ORDER_HTTP_PORT: port(1),
    PAYMENT_HTTP_PORT: port(2),
    WORKER_HTTP_PORT: port(3),
    BFF_EVENTS_PORT: port(10),
    PAYMENT_TCP_PORT: port(12),
    WORKER_EVENTS_PORT: port(13),
    ORDER_URL: `http://127.0.0.1:${port(1)}`,
    PAYMENT_URL: `http://127.0.0.1:${port(2)}`,
    WORKER_URL: `http://127.0.0.1:${port(3)}`,
  };
}
