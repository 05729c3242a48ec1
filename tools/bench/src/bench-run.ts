import { existsSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { APPS, builtEntry, MIGRATING_APPS } from '@mini-commerce/system-harness';
import type { BenchOptions, ScenarioId } from './cli/options';
import { FULL_SIZES, QUICK_SIZES } from './cli/scenario-sizes';
import { GeneratorAgent } from './generator/generator-agent';
import { summariseProfileDir } from './profiling/cpu-profile-summary';
import { Progress } from './progress/progress';
import type { BenchResults, ToolCpu, ToolCpuFigure } from './report/results';
import { evaluateTargets } from './report/targets';
import { addRatiosToBare, runCeiling } from './scenarios/ceiling';
import { ORDER_BODY, type BenchContext } from './scenarios/context';
import { runE2eLatency, waitForEmptyQueue } from './scenarios/e2e-latency';
import { runFootprint } from './scenarios/footprint';
import { runOrderAcceptance } from './scenarios/order-acceptance';
import { runPipeline } from './scenarios/pipeline';
import { runSseFanout } from './scenarios/sse-fanout';
import { BenchDatabase } from './system/bench-database';
import { BenchSystem } from './system/bench-system';
import { builtTimes, readBuildInfo } from './system/build-info';
import { killAllChildrenNow, stopAllChildren } from './system/child-processes';
import { assertPortsFree, TOOL_PORT_OFFSETS } from './system/port-check';
import { PrivateRedis } from './system/private-redis';
import { MB, openFileLimit, pidsOf, readRssBytes } from './system/process-stats';
import { CpuSnapshot, ResourceSampler, type ProcessRef } from './system/resource-sampler';

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * One benchmark run: a fresh database, the system started by the launcher,
 * a warm-up, the chosen scenarios, then everything stopped and dropped —
 * also when a scenario fails or the run is interrupted (`shutdown`).
 */
export class BenchRun {
  readonly progress = new Progress();
  private database: BenchDatabase | null = null;
  private system: BenchSystem | null = null;
  private agent: GeneratorAgent | null = null;
  private sampler: ResourceSampler | null = null;
  private privateRedis: PrivateRedis | null = null;
  private shuttingDown: Promise<void> | null = null;
  private extraGeneratorCpu = 0;
  private readonly extraProcesses: ProcessRef[] = [];
  private readonly notes: string[] = [];

  constructor(private readonly options: BenchOptions) {}

  get profileDir(): string {
    return join(this.options.outDir, 'profiles');
  }

  async run(): Promise<BenchResults> {
    const { options, progress } = this;
    const sizes = options.quick ? QUICK_SIZES : FULL_SIZES;
    const startedAt = new Date();
    const loadAverageAtStart = loadavg().map(round2);
    const toolCpu: ToolCpu = { ...emptyCpuFigure(), byScenario: {} };
    const mainCpuAtStart = process.cpuUsage();
    const wallAtStart = performance.now();

    assertBuilt();
    const build = readBuildInfo();
    await assertPortsFree(options.portBase);
    if (options.profile.length) rmSync(this.profileDir, { recursive: true, force: true });

    let phase = this.beginPhase();
    let redisUrl = options.redisUrl;
    if (redisUrl === 'private') {
      this.privateRedis = await PrivateRedis.start(options.portBase + TOOL_PORT_OFFSETS.privateRedis);
      redisUrl = this.privateRedis.url;
      this.notes.push(`a private redis-server on ${redisUrl} carried the events (--redis=private)`);
    }
    progress.step(`creating a fresh database on ${options.mysqlServerUrl}`);
    this.database = await BenchDatabase.create(options.mysqlServerUrl);
    const system = new BenchSystem({
      portBase: options.portBase,
      databaseUrl: this.database.url,
      redisUrl,
      logLevel: options.logLevel,
      profile: options.profile,
      profileDir: this.profileDir,
      nodeOptions: options.serviceNodeOptions,
    });
    if (options.serviceNodeOptions) this.notes.push(`services ran with NODE_OPTIONS="${options.serviceNodeOptions}"`);
    this.system = system;
    progress.step(`starting the system (MariaDB ${this.database.name}, Redis ${redisUrl}, ports ${options.portBase}…) with the launcher`);
    const startTiming = await system.start();
    progress.step(`all four services ready in ${startTiming.startToReadyMs} ms`);
    this.agent = await GeneratorAgent.start();
    const agent = this.agent;

    const redisPids = this.privateRedis ? [this.privateRedis.pid] : pidsOf('redis-server');
    const infrastructure = [
      ...pidsOf('mariadbd').map((pid) => ({ name: 'mariadb', pid })),
      ...pidsOf('mysqld').map((pid) => ({ name: 'mariadb', pid })),
      ...redisPids.map((pid) => ({ name: 'redis', pid })),
    ];
    const processes = (): ProcessRef[] => [
      ...system.services.map((service) => ({ name: service.name, pid: service.child.pid })),
      ...this.extraProcesses,
      ...infrastructure,
      { name: 'bench main', pid: process.pid },
      { name: 'bench generator', pid: agent.pid },
    ];
    this.sampler = new ResourceSampler(() => system.services.map((service) => ({ name: service.name, pid: service.child.pid })));
    this.sampler.start();

    // Before any request. Just after start, V8 still holds the young generation it grew while
    // loading the app; idle, its memory reducer has given it back (some seconds after the last
    // full GC, once nothing allocates). Idle is what a service holds while it waits for work.
    const { afterStartSeconds, idleSeconds } = sizes.footprint;
    progress.update(`reading each service's RSS ${afterStartSeconds} s after start and idle, ${idleSeconds} s after`);
    await sleep(afterStartSeconds * 1000);
    const startRssMB = rssByService(system);
    await sleep((idleSeconds - afterStartSeconds) * 1000);
    const idleRssMB = rssByService(system);

    const context: BenchContext = {
      options,
      sizes,
      redisUrl,
      system,
      database: this.database,
      agent,
      progress,
      sampler: this.sampler,
      startTiming,
      startRssMB,
      idleRssMB,
      processes,
      extraProcesses: this.extraProcesses,
      addGeneratorCpu: (seconds) => (this.extraGeneratorCpu += seconds),
      notes: this.notes,
    };

    progress.step(`warm-up: ${sizes.warmupSeconds} s of checkouts through the BFF`);
    this.sampler.phase('warmup');
    await agent.run<'closed-loop'>({ kind: 'closed-loop', url: `${system.bffUrl}/api/orders`, body: ORDER_BODY, connections: 10, durationSeconds: sizes.warmupSeconds });
    await waitForEmptyQueue(context, 20);
    toolCpu.byScenario.setup = phase.end();

    const results: BenchResults = {
      schemaVersion: 1,
      meta: {
        startedAt: startedAt.toISOString(),
        finishedAt: '',
        wallSeconds: 0,
        quick: options.quick,
        scenarios: options.scenarios,
        host: {
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
          memoryMB: Math.round(totalmem() / MB),
          node: process.version,
          platform: `${process.platform}-${process.arch}`,
          loadAverageAtStart,
        },
        portBase: options.portBase,
        database: this.database.name,
        redisUrl,
        logLevel: options.logLevel,
        openFileLimit: openFileLimit(),
        build,
        notes: this.notes,
      },
      toolCpu,
      scenarios: { orderAcceptance: null, ceiling: null, e2eLatency: null, pipeline: null, sseFanout: null, footprint: null },
      targets: [],
      cpuSplit: {},
      dirtyPagesAtStart: {},
      profiles: [],
    };

    const runners: Record<ScenarioId, () => Promise<void>> = {
      'order-acceptance': async () => void (results.scenarios.orderAcceptance = await runOrderAcceptance(context)),
      ceiling: async () => void (results.scenarios.ceiling = await runCeiling(context)),
      'e2e-latency': async () => void (results.scenarios.e2eLatency = await runE2eLatency(context)),
      pipeline: async () => void (results.scenarios.pipeline = await runPipeline(context)),
      'sse-fanout': async () => void (results.scenarios.sseFanout = await runSseFanout(context)),
      footprint: async () => void (results.scenarios.footprint = await runFootprint(context)),
    };
    for (const scenario of options.scenarios) {
      progress.step(`── ${scenario}`);
      this.sampler.phase(scenario);
      phase = this.beginPhase();
      results.dirtyPagesAtStart[scenario] = await context.database.dirtyPages();
      const cpuBefore = CpuSnapshot.take(processes());
      await runners[scenario]();
      results.cpuSplit[scenario] = CpuSnapshot.take(processes()).coresSince(cpuBefore);
      toolCpu.byScenario[scenario] = phase.end();
    }
    if (results.scenarios.ceiling) addRatiosToBare(results.scenarios.ceiling, results.scenarios.orderAcceptance);
    results.targets = evaluateTargets(results);
    if (JSON.stringify(builtTimes()) !== JSON.stringify(build.builtAt)) {
      this.notes.push('dist/apps was rebuilt while the benchmark ran; services started later ran newer code');
    }
    const dirtyPages = Object.entries(results.dirtyPagesAtStart).map(([scenario, pages]) => `${scenario} ${pages}`);
    this.notes.push(`InnoDB pages still to write back at each scenario's start: ${dirtyPages.join(', ')}`);
    const loadAtEnd = loadavg().map(round2);
    this.notes.push(`load average at start ${loadAverageAtStart.join(' ')}, at end ${loadAtEnd.join(' ')} (${cpus().length} CPUs)`);

    progress.step('stopping the system');
    await this.shutdown();
    if (options.profile.length) results.profiles = summariseProfileDir(this.profileDir);

    const mainCpu = process.cpuUsage(mainCpuAtStart);
    Object.assign(toolCpu, cpuFigure((performance.now() - wallAtStart) / 1000, (mainCpu.user + mainCpu.system) / 1e6, this.generatorCpu()));
    results.meta.finishedAt = new Date().toISOString();
    results.meta.wallSeconds = Math.round(progress.elapsedSeconds());
    return results;
  }

  /** Stops everything this run started and drops its database; safe to call more than once. */
  shutdown(): Promise<void> {
    this.shuttingDown ??= (async () => {
      this.sampler?.stop();
      await this.agent?.stop().catch(() => undefined);
      if (this.system) {
        const system = this.system;
        const killer = setTimeout(() => system.killNow(), 15_000);
        await system.stop().catch(() => system.killNow());
        clearTimeout(killer);
      }
      // The bare server, SSE client groups and a private Redis (after the services that use it).
      await stopAllChildren();
      await this.database?.drop().catch((error: Error) => this.progress.step(`could not drop ${this.database?.name}: ${error.message}`));
    })();
    return this.shuttingDown;
  }

  /** Synchronous last resort (process exit): kill whatever still runs. */
  killNow(): void {
    killAllChildrenNow();
    this.system?.killNow();
  }

  private generatorCpu(): number {
    return (this.agent?.cpuSeconds ?? 0) + this.extraGeneratorCpu;
  }

  /** Starts measuring the tool's own CPU use for one phase. */
  private beginPhase(): { end(): ToolCpuFigure } {
    const main = process.cpuUsage();
    const generator = this.generatorCpu();
    const wall = performance.now();
    return {
      end: () => {
        const used = process.cpuUsage(main);
        return cpuFigure((performance.now() - wall) / 1000, (used.user + used.system) / 1e6, this.generatorCpu() - generator);
      },
    };
  }
}

function emptyCpuFigure(): ToolCpuFigure {
  return { wallSeconds: 0, mainCpuSeconds: 0, generatorCpuSeconds: 0, cores: 0, shareOfMachine: 0 };
}

function cpuFigure(wallSeconds: number, mainCpuSeconds: number, generatorCpuSeconds: number): ToolCpuFigure {
  const cores = wallSeconds > 0 ? (mainCpuSeconds + generatorCpuSeconds) / wallSeconds : 0;
  return {
    wallSeconds: round2(wallSeconds),
    mainCpuSeconds: round2(mainCpuSeconds),
    generatorCpuSeconds: round2(generatorCpuSeconds),
    cores: round2(cores),
    shareOfMachine: round2(cores / Math.max(1, cpus().length)),
  };
}

function assertBuilt(): void {
  const missing = [...APPS.map((app) => builtEntry(app)), ...MIGRATING_APPS.map((app) => builtEntry(app, 'migrate'))].filter(
    (entry) => !existsSync(entry),
  );
  if (missing.length) {
    throw new Error(`not built: ${missing.join(', ')}; run \`npx nx run-many -t build --projects=tag:type:app\` first`);
  }
}

function rssByService(system: BenchSystem): Record<string, number | null> {
  const rssMB: Record<string, number | null> = {};
  for (const service of system.services) {
    const rss = readRssBytes(service.child.pid);
    rssMB[service.name] = rss === null ? null : Math.round((rss / MB) * 10) / 10;
  }
  return rssMB;
}
