import { resolve } from 'node:path';
import { workspaceRoot } from '@mini-commerce/system-harness';
import { LONG_PROFILE, SHORT_PROFILE, type ChaosProfile } from './profiles';

export interface ChaosOptions {
  profile: ChaosProfile;
  /** Seeds the fault schedule (which worker, when); printed so a run can be repeated. */
  seed: number;
  /** Where report.json (and, on a violation, the service logs) go. */
  outDir: string;
}

export const USAGE = `Usage: npm run chaos [-- --short] [--seed=<n>] [--rate=<n>] [--out=<dir>]

Starts mini-commerce in production mode (MariaDB + Redis, two workers) on ports
27000-27999, drives a steady load of orders, injects faults in turn and checks
that no order is lost, charged twice or stuck. Exits 1 on any violation.

  --short       the CI version (about 2 minutes); default is the long run (5-8 minutes)
  --seed=<n>    repeat a run's fault schedule
  --rate=<n>    checkouts per second (default 20 short, 50 long); keep it under what
                the machine sustains, or the run measures overload, not the faults
  --out=<dir>   where report.json goes (default artifacts/chaos)`;

export function parseOptions(argv: readonly string[]): ChaosOptions | 'help' {
  let profile = LONG_PROFILE;
  let seed = Math.floor(Math.random() * 2 ** 31);
  let outDir = resolve(workspaceRoot, 'artifacts/chaos');
  let rate: number | undefined;
  for (const arg of argv) {
    const [flag, value] = arg.split(/=(.*)/s, 2);
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--short') profile = SHORT_PROFILE;
    else if (flag === '--long') profile = LONG_PROFILE;
    else if (flag === '--seed' && value !== undefined && /^\d+$/.test(value)) seed = Number(value);
    else if (flag === '--rate' && value !== undefined && /^\d+$/.test(value) && Number(value) > 0) rate = Number(value);
    else if (flag === '--out' && value) outDir = resolve(value);
    else throw new Error(`unknown or malformed option "${arg}"\n\n${USAGE}`);
  }
  return { profile: rate ? { ...profile, ordersPerSecond: rate } : profile, seed, outDir };
}
