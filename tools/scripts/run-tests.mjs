// `npm test`: every project's tests through Nx, then one plain summary line
// totalled over all projects (Nx hides passing output, Jest prints per project).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const reports = join(import.meta.dirname, '../../reports/jest');
rmSync(reports, { recursive: true, force: true });

const nx = spawnSync('npx', ['nx', 'run-many', '-t', 'test', '--output-style=static', ...process.argv.slice(2)], {
  stdio: 'inherit',
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
