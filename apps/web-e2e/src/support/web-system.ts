import { busyPorts, portLayout, queryRows, SystemUnderTest, type RunningService } from '@mini-commerce/system-harness';

/** This project's ports: 26000-26013 for the system, 26050/26060 for a second BFF. */
export const WEB_E2E_PORT_BASE = 26_000;
export const SECOND_BFF_HTTP_PORT = 26_050;
const SECOND_BFF_EVENTS_PORT = 26_060;

/** The whole system (built apps as processes) on MariaDB + Redis, on this project's ports. */
export async function startWebSystem(label: string, env: NodeJS.ProcessEnv = {}): Promise<SystemUnderTest> {
  await assertPortsFree();
  return SystemUnderTest.start(`web_${label}`, {
    portBase: WEB_E2E_PORT_BASE,
    infrastructure: 'mysql+redis',
    env: { HTTP_HOST: '127.0.0.1', ...env },
  });
}

/**
 * A service left over from an interrupted run would answer the health checks of
 * the new one (which then fails to bind): refuse to start on a busy port.
 */
async function assertPortsFree(): Promise<void> {
  const ports = [
    ...Object.values(portLayout(WEB_E2E_PORT_BASE))
      .filter((value) => /^\d+$/.test(value))
      .map(Number),
    SECOND_BFF_HTTP_PORT,
    SECOND_BFF_EVENTS_PORT,
  ];
  const busy = await busyPorts(ports);
  if (busy.length > 0) {
    throw new Error(`ports ${busy.join(', ')} are in use: stop what a previous web-e2e run left behind`);
  }
}

/** Another client-bff replica on its own port, subscribed to the same Redis. Returns its URL. */
export async function startSecondBff(system: SystemUnderTest): Promise<string> {
  await system.launcher.start(
    'client-bff',
    { BFF_HTTP_PORT: String(SECOND_BFF_HTTP_PORT), BFF_EVENTS_PORT: String(SECOND_BFF_EVENTS_PORT) },
    'client-bff#2',
  );
  return `http://127.0.0.1:${SECOND_BFF_HTTP_PORT}`;
}

/** Kills the BFF, as a crash or a dropped network looks to a browser: its SSE connections break. */
export async function crashBff(system: SystemUnderTest): Promise<void> {
  await system.launcher.stop(system.service('client-bff'), 'SIGKILL');
}

/** Starts the BFF again on its usual port. */
export function startBff(system: SystemUnderTest): Promise<RunningService> {
  return system.launcher.start('client-bff');
}

/**
 * Stops the queue-worker: orders are stored and queued but wait there, so a
 * test can act "mid-flow". Returns a function that starts it again.
 */
export async function pauseWorker(system: SystemUnderTest): Promise<() => Promise<void>> {
  await system.launcher.stop(system.service('queue-worker#1'));
  return async () => {
    await system.startWorker(1);
  };
}

export async function countOrders(system: SystemUnderTest, customerName?: string): Promise<number> {
  const rows = customerName
    ? await queryRows(system, 'SELECT COUNT(*) AS n FROM orders WHERE customer_name = ?', [customerName])
    : await queryRows(system, 'SELECT COUNT(*) AS n FROM orders');
  return Number(rows[0]['n']);
}

/** Ids of every event this system stored with an id of at least `from`. */
export async function storedEventIds(system: SystemUnderTest, from = 0): Promise<number[]> {
  const rows = await queryRows(system, 'SELECT id FROM order_events WHERE id >= ? ORDER BY id', [from]);
  return rows.map((row) => Number(row['id']));
}
