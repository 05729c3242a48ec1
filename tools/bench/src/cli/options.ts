import { resolve } from 'node:path';
import { workspaceRoot, type AppName } from '@mini-commerce/system-harness';

/**
 * In the order they run: footprint first, so its load is measured on fresh processes (10,000 SSE
 * clients leave the BFF's heap large); then end-to-end latency, before the scenarios that write
 * hundreds of thousands of rows: MariaDB writes their pages back for minutes afterwards, and every
 * commit of an e2e order would wait behind that disk work (docs/performance.md, "Scenario order").
 */
export const SCENARIO_IDS = ['footprint', 'e2e-latency', 'order-acceptance', 'ceiling', 'pipeline', 'sse-fanout'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface BenchOptions {
  quick: boolean;
  /** Scenarios to run, in the order of SCENARIO_IDS. */
  scenarios: ScenarioId[];
  outDir: string;
  /** First port of the layout; every port the run uses lies in [portBase, portBase + 400). */
  portBase: number;
  mysqlServerUrl: string;
  /** A Redis URL, or 'private': a redis-server of the run's own on port base+30. */
  redisUrl: string;
  logLevel: string;
  /** Services to run with the CPU profiler; empty: none. */
  profile: AppName[];
  /** NODE_OPTIONS for the services (V8 flags to try, e.g. --max-semi-space-size=4). */
  serviceNodeOptions: string;
}

const PROFILABLE: readonly AppName[] = ['order', 'payment', 'queue-worker', 'client-bff'];

export const USAGE = `Usage: bench [--quick] [--only=<scenario>[,<scenario>…]] [--out=<dir>] [--port-base=<n>]
             [--profile[=<service>,…]] [--node-options=<flags>] [--log-level=<level>] [--mysql=<url>] [--redis=<url>]

  --quick        tiny scenario sizes (< 60 s); what the test runs
  --only         ${SCENARIO_IDS.join(', ')}
                 (order-acceptance also runs ceiling, which its ratios need)
  --out          where results.json, latency.svg and profiles go (default artifacts/bench)
  --port-base    first port (default 30000); the run uses ports base … base+399, all below 31000
  --profile      run the services under node --cpu-prof and summarise the profiles
                 (all four, or a comma-separated list of order, payment, queue-worker, client-bff)
  --node-options NODE_OPTIONS for the four services, e.g. "--max-semi-space-size=4"
  --log-level    the services' LOG_LEVEL (default info, as in production)
  --mysql        MariaDB server URL (default mysql://root@127.0.0.1:3306); a fresh mc_bench_* database is used
  --redis        Redis URL (default redis://127.0.0.1:6379), or "private": a redis-server of the run's
                 own on port base+30 (the run always uses an events channel of its own, EVENTS_CHANNEL;
                 a private server also keeps other systems' Redis load out of its measurements)`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    quick: false,
    scenarios: [...SCENARIO_IDS],
    outDir: resolve(workspaceRoot, 'artifacts/bench'),
    portBase: 30_000,
    mysqlServerUrl: 'mysql://root@127.0.0.1:3306',
    redisUrl: 'redis://127.0.0.1:6379',
    logLevel: 'info',
    profile: [],
    serviceNodeOptions: '',
  };
  for (const argument of argv) {
    const [flag, value] = splitFlag(argument);
    switch (flag) {
      case '--quick':
        options.quick = true;
        break;
      case '--only':
        options.scenarios = parseScenarios(required(flag, value));
        break;
      case '--out':
        options.outDir = resolve(process.cwd(), required(flag, value));
        break;
      case '--port-base':
        options.portBase = parsePortBase(required(flag, value));
        break;
      case '--profile':
        options.profile = value ? parseServices(value) : [...PROFILABLE];
        break;
      case '--node-options':
        options.serviceNodeOptions = required(flag, value);
        break;
      case '--log-level':
        options.logLevel = required(flag, value);
        break;
      case '--mysql':
        options.mysqlServerUrl = required(flag, value).replace(/\/$/, '');
        break;
      case '--redis': {
        const url = required(flag, value);
        if (url !== 'private' && !/^rediss?:\/\//.test(url)) throw new UsageError('--redis takes a redis:// URL or "private"');
        options.redisUrl = url;
        break;
      }
      default:
        throw new UsageError(`unknown option ${argument}`);
    }
  }
  return options;
}

export class UsageError extends Error {}

function splitFlag(argument: string): [string, string | undefined] {
  const equals = argument.indexOf('=');
  return equals < 0 ? [argument, undefined] : [argument.slice(0, equals), argument.slice(equals + 1)];
}

function required(flag: string, value: string | undefined): string {
  if (!value) throw new UsageError(`${flag} needs a value (${flag}=…)`);
  return value;
}

function parseScenarios(value: string): ScenarioId[] {
  const wanted = new Set<ScenarioId>();
  for (const name of value.split(',').map((part) => part.trim())) {
    if (!(SCENARIO_IDS as readonly string[]).includes(name)) {
      throw new UsageError(`unknown scenario "${name}"; choose from ${SCENARIO_IDS.join(', ')}`);
    }
    wanted.add(name as ScenarioId);
  }
  // Scenario 1 reports every figure as a ratio to the bare ceiling.
  if (wanted.has('order-acceptance')) wanted.add('ceiling');
  return SCENARIO_IDS.filter((id) => wanted.has(id));
}

function parseServices(value: string): AppName[] {
  return value.split(',').map((name) => {
    if (!(PROFILABLE as readonly string[]).includes(name)) throw new UsageError(`cannot profile "${name}"`);
    return name as AppName;
  });
}

function parsePortBase(value: string): number {
  const base = Number(value);
  // Every port must stay inside 30000-30999 (base + 303 for the fourth worker, + 20 for the bare server).
  if (!Number.isInteger(base) || base < 30_000 || base + 400 > 31_000) {
    throw new UsageError('--port-base must be an integer in 30000…30600');
  }
  return base;
}
