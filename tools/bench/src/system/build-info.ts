import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { APPS, builtEntry, workspaceRoot } from '@mini-commerce/system-harness';

export interface BuildInfo {
  gitCommit: string | null;
  /** Files under apps/ and libs/ that differ from the commit (the build may include them). */
  uncommittedSourceFiles: number;
  /** When each service's dist/apps/<app>/main.js was written. */
  builtAt: Record<string, string>;
}

/** Which code is being measured: the commit, local changes, and the build's age. */
export function readBuildInfo(): BuildInfo {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: workspaceRoot, encoding: 'utf8' });
  const commit = git('rev-parse', '--short', 'HEAD');
  const status = git('status', '--porcelain', '--', 'apps', 'libs');
  return {
    gitCommit: commit.status === 0 ? commit.stdout.trim() : null,
    uncommittedSourceFiles: status.status === 0 ? status.stdout.split('\n').filter(Boolean).length : 0,
    builtAt: builtTimes(),
  };
}

export function builtTimes(): Record<string, string> {
  const times: Record<string, string> = {};
  for (const app of APPS) {
    try {
      times[app] = statSync(builtEntry(app)).mtime.toISOString();
    } catch {
      times[app] = 'missing';
    }
  }
  return times;
}
