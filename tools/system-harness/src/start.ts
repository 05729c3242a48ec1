import { SystemLauncher } from './system-launcher';
import { whenParentExits } from './parent-exit';
import { busyPorts } from './busy-ports';
import { APPS, HTTP_PORT_VARIABLE, portLayout } from './service-catalog';

/**
 * `npm start`: migrate, then run all four services until Ctrl-C. Works with no
 * infrastructure (SQLite + TCP); set DATABASE_URL and REDIS_URL for MySQL + Redis.
 */
const env = { ...portLayout(), ...process.env };
const launcher = new SystemLauncher({ env, echo: process.env['QUIET'] !== '1', detached: true });

async function main(): Promise<void> {
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${reason}: stopping all services…\n`);
    await launcher.stopAll('SIGTERM');
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
  whenParentExits(() => void shutdown('npm start was stopped'));

  const mode = env['DATABASE_URL'] ? 'MySQL' : `SQLite under ${env['SQLITE_DIR'] ?? 'data'}/`;
  const transport = env['REDIS_URL'] ? 'Redis pub/sub' : 'Nest TCP';
  process.stdout.write(`Starting mini-commerce (database: ${mode}; events: ${transport})…\n`);
  await refuseBusyPorts();
  await launcher.migrate();
  await launcher.startAll();
  for (const service of launcher.services) {
    service.child.once('exit', (code) => {
      if (!stopping) {
        process.stderr.write(`${service.name} exited unexpectedly (${code}); stopping the rest.\n`);
        void shutdown('SIGTERM');
      }
    });
  }
  const url = `http://localhost:${env['BFF_HTTP_PORT']}`;
  process.stdout.write(
    [
      '',
      `  mini-commerce is running: open ${url}`,
      `  API docs: ${url}/docs · order :${env['ORDER_HTTP_PORT']}/docs · payment :${env['PAYMENT_HTTP_PORT']}/docs · queue-worker :${env['WORKER_HTTP_PORT']}/docs`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

/**
 * Another system on these ports would answer the readiness checks in this one's place,
 * and this one would announce itself before its first service failed to listen.
 */
async function refuseBusyPorts(): Promise<void> {
  const variables = [...APPS.map((app) => HTTP_PORT_VARIABLE[app]), 'PAYMENT_TCP_PORT'];
  // Without Redis, events travel over TCP to the BFF and the workers.
  if (!env['REDIS_URL']) variables.push('BFF_EVENTS_PORT', 'WORKER_EVENTS_PORT');
  const ports = variables
    .map((variable) => ({ variable, port: Number(env[variable]) }))
    .sort((a, b) => a.port - b.port);
  const busy = new Set(await busyPorts(ports.map(({ port }) => port)));
  const named = ports.filter(({ port }) => busy.has(port)).map(({ variable, port }) => `${port} (${variable})`);
  if (named.length === 0) return;
  const which = named.length === 1 ? `port ${named[0]} is` : `ports ${named.join(', ')} are`;
  throw new Error(
    `${which} already in use: is mini-commerce already running? Stop it, or give this one other ports (the variables in .env.example).`,
  );
}

main().catch(async (error: Error) => {
  process.stderr.write(`mini-commerce failed to start: ${error.message}\n`);
  await launcher.stopAll('SIGKILL');
  process.exit(1);
});
