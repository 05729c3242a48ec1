import type { SpawnOptionsWithStdioTuple, StdioNull, StdioPipe } from 'node:child_process';
import { join, resolve } from 'node:path';
import { TEST_MYSQL_SERVER_URL, TEST_REDIS_URL } from '@mini-commerce/testing';

const workspaceRoot = resolve(__dirname, '../../..');

/**
 * The benchmark's command line as `npm run bench` runs it (ts-node on main.ts), with
 * --quick sizes, ports from `portBase` and the servers every test uses (GitHub Actions'
 * MySQL has a password): `node` followed by `args`, spawned with `options`.
 */
export function quickBenchCommand(portBase: number, outDir: string, ...extra: string[]) {
  const args = [
    '-r',
    require.resolve('ts-node/register/transpile-only'),
    '-r',
    require.resolve('tsconfig-paths/register'),
    join(workspaceRoot, 'tools/bench/src/main.ts'),
    '--quick',
    ...extra,
    `--out=${outDir}`,
    `--port-base=${portBase}`,
    `--mysql=${TEST_MYSQL_SERVER_URL}`,
    `--redis=${TEST_REDIS_URL}`,
  ];
  // Output piped, so a test can read it.
  const options: SpawnOptionsWithStdioTuple<StdioNull, StdioPipe, StdioPipe> = {
    cwd: workspaceRoot,
    env: { ...process.env, TS_NODE_PROJECT: join(workspaceRoot, 'tools/bench/tsconfig.lib.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  };
  return { args, options };
}
