// `npm test`: every project's tests through Nx, then one plain summary line
// totalled over all projects (Nx hides passing output, Jest prints per project).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

// The integration, e2e and browser tests need the real servers; without them every
// suite would fail on its own, after its timeouts. Checked when every project runs
// (no arguments); `npm test -- --projects=contracts` runs unit tests without them.
if (process.argv.length <= 2) await requireTestServers();

const reports = join(import.meta.dirname, '../../reports/jest');
rmSync(reports, { recursive: true, force: true });

const nx = spawnSync('npx', ['nx', 'run-many', '-t', 'test', '--output-style=static', ...process.argv.slice(2)], {
  stdio: 'inherit',
  // Nx loads the projects' TypeScript config files with ts-node, as chosen here (the
  // apps build with webpack); without this it says so once per project.
  env: { ...process.env, NX_PREFER_TS_NODE: 'true' },
});

const totals = { passed: 0, failed: 0, skipped: 0 };
const files = existsSync(reports) ? readdirSync(reports, { recursive: true }).filter((f) => f.endsWith('.json')) : [];
for (const file of files) {
  const counts = JSON.parse(readFileSync(join(reports, file), 'utf8'));
  for (const key of Object.keys(totals)) totals[key] += counts[key];
}
if (nx.status !== 0 && totals.failed === 0) {
  console.log(`nx exited with ${nx.status ?? nx.signal} before every test could run`);
}
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(nx.status === 0 && totals.failed === 0 ? 0 : 1);

function accepts(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function requireTestServers() {
  // Defaults as in libs/testing (test-infrastructure.ts).
  const servers = [
    ['MariaDB', 'TEST_MYSQL_SERVER_URL', process.env.TEST_MYSQL_SERVER_URL ?? 'mysql://root@127.0.0.1:3306', 3306],
    ['Redis', 'TEST_REDIS_URL', process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', 6379],
  ];
  const unreachable = [];
  for (const [name, variable, url, defaultPort] of servers) {
    const { hostname, port: urlPort } = new URL(url);
    const port = Number(urlPort || defaultPort);
    if (!(await accepts(hostname, port))) unreachable.push(`  ${name} at ${hostname}:${port} (${variable})`);
  }
  if (unreachable.length === 0) return;
  console.log(
    [
      'npm test needs the real MariaDB and Redis that the integration tests use, and cannot reach:',
      ...unreachable,
      'Start them (README, "Tests"), or point those variables at servers that run.',
      '0 passed, 1 failed',
    ].join('\n'),
  );
  process.exit(1);
}
