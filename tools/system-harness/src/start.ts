import { SystemLauncher } from './system-launcher';
import { whenParentExits } from './parent-exit';
import { portLayout } from './service-catalog';

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
  // Whoever read this output may be gone by then: a failed write must not stop the shutdown.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

  const mode = env['DATABASE_URL'] ? 'MySQL' : `SQLite under ${env['SQLITE_DIR'] ?? 'data'}/`;
  const transport = env['REDIS_URL'] ? 'Redis pub/sub' : 'Nest TCP';
  process.stdout.write(`Starting mini-commerce (database: ${mode}; events: ${transport})…\n`);
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

main().catch(async (error: Error) => {
  process.stderr.write(`mini-commerce failed to start: ${error.message}\n`);
  await launcher.stopAll('SIGKILL');
  process.exit(1);
});
