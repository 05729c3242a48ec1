import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { workspaceRoot } from './workspace';

/**
 * Compose itself reads docker/compose.yaml: `config` validates and renders the file without
 * a Docker engine. Checked with every implementation installed: Debian's docker-compose
 * 1.29 (what CI installs) and the Compose v2 plugin, wherever there is one. The file must
 * suit both; 1.29 is the stricter reader (no top-level `name:`, for one).
 */
const IMPLEMENTATIONS = [
  { name: 'docker-compose (v1)', command: ['docker-compose'] },
  { name: 'docker compose (v2)', command: ['docker', 'compose'] },
];

// A clean environment: no MYSQL_PASSWORD or COMPOSE_* leaking in from the shell running the tests,
// and an empty env file, so a developer's docker/.env cannot either (1.29 refuses /dev/null).
const baseEnvironment = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp' };
const emptyEnvFile = join(mkdtempSync(join(tmpdir(), 'deploy-checks-')), 'empty.env');
writeFileSync(emptyEnvFile, '');

function compose(command: string[], args: string[], environment: Record<string, string> = {}) {
  const [binary, ...prefix] = command;
  return spawnSync(binary, [...prefix, '--env-file', emptyEnvFile, '-f', 'docker/compose.yaml', ...args], {
    cwd: workspaceRoot,
    env: { ...baseEnvironment, ...environment },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const isInstalled = ([binary, ...prefix]: string[]) => spawnSync(binary, [...prefix, 'version']).status === 0;
const installed = IMPLEMENTATIONS.filter(({ command }) => isInstalled(command));

describe('docker/compose.yaml read by Compose', () => {
  it('has a Compose implementation to read it with', () => {
    if (installed.length === 0)
      throw new Error('Neither docker-compose nor `docker compose` is installed: run `apt-get install -y docker-compose`.');
  });

  // (describe.each refuses an empty table: without Compose, the test above fails alone.)
  if (installed.length === 0) return;

  describe.each(installed.map(({ name, command }) => [name, command] as const))('%s', (_, command) => {
    const password = 'compose-config-check';

    it('accepts the file and puts the password into every DATABASE_URL', () => {
      const result = compose(command, ['config'], { MYSQL_PASSWORD: password });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const { services } = parse(result.stdout) as { services: Record<string, { environment?: Record<string, string> }> };
      for (const name of ['order', 'payment', 'queue-worker', 'order-migrate', 'payment-migrate'])
        expect(services[name].environment?.['DATABASE_URL']).toBe(`mysql://mini:${password}@mysql:3306/mini_commerce`);
    });

    it('refuses to run without MYSQL_PASSWORD, naming it', () => {
      const result = compose(command, ['config', '--quiet']);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('MYSQL_PASSWORD');
    });
  });
});
