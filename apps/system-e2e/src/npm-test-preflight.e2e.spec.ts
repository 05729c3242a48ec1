import { spawnSync } from 'node:child_process';
import { workspaceRoot } from '@mini-commerce/system-harness';
import { unusedPort } from '@mini-commerce/testing';

/**
 * `npm test` on a machine without the test servers must say so at once, naming the one
 * it cannot reach, rather than start every suite to fail on its own after its timeouts.
 */
describe('npm test without its test servers', () => {
  it('names the unreachable server and its variable, ends with the summary line, and runs nothing', async () => {
    const redisPort = await unusedPort();

    const run = spawnSync('node', ['tools/scripts/run-tests.mjs'], {
      cwd: workspaceRoot,
      env: { ...process.env, TEST_REDIS_URL: `redis://127.0.0.1:${redisPort}` },
      encoding: 'utf8',
      timeout: 30_000,
    });

    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`Redis at 127.0.0.1:${redisPort} (TEST_REDIS_URL)`);
    expect(run.stdout).not.toContain('MariaDB at');
    expect(run.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
    expect(run.stdout).not.toContain('nx run');
  });
});
