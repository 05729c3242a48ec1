import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { APPS, builtEntry, workspaceRoot } from '@mini-commerce/system-harness';

/** The first 12 hex digits of each app's built main.js: which build a run tested. */
export type BuildFingerprint = Record<string, string>;

export function buildFingerprint(): BuildFingerprint {
  const fingerprint: BuildFingerprint = {};
  for (const app of APPS) {
    try {
      fingerprint[app] = createHash('sha256').update(readFileSync(builtEntry(app))).digest('hex').slice(0, 12);
    } catch {
      fingerprint[app] = 'missing';
    }
  }
  return fingerprint;
}

/**
 * The services are started from dist/apps, which a build elsewhere in the tree
 * can overwrite while a run is going: processes started after that (a
 * replacement worker, the restarted payment or BFF) run another build.
 */
export function buildChanges(before: BuildFingerprint, after: BuildFingerprint): string[] {
  return Object.keys(before)
    .filter((app) => before[app] !== after[app])
    .map(
      (app) =>
        `${relative(workspaceRoot, builtEntry(app as (typeof APPS)[number]))} was rebuilt during the run ` +
        `(${before[app]} → ${after[app]}): processes started after that ran another build; repeat the run`,
    );
}
