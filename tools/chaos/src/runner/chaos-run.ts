import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningService } from '@mini-commerce/system-harness';
import { checkInvariants } from '../checks/invariants';
import { readSnapshot } from '../checks/snapshot';
import type { ChaosOptions } from '../cli/options';
import type { Fault, FaultContext } from '../faults/fault';
import { faultSchedule } from '../faults/schedule';
import { Browsers } from '../load/browsers';
import { SteadyLoad } from '../load/steady-load';
import { waitForQuiescence } from '../monitor/quiescence';
import { measureRecovery } from '../monitor/recovery';
import { Random } from '../random';
import { BASELINE_PHASE, buildReport } from '../report/build-report';
import { collectEvidence, collectSseEvidence } from '../report/evidence';
import type { ChaosReport, InjectionRecord } from '../report/report';
import { buildChanges, buildFingerprint } from '../system/build-fingerprint';
import { ChaosSystem } from '../system/chaos-system';
import { CHAOS_SERVICE_ENV } from '../system/service-env';

export interface RunResult {
  report: ChaosReport;
  /** Every service process of the run, killed ones included, with its captured output. */
  services: RunningService[];
}

/**
 * One chaos run: start the system, connect the browsers, start the load, warm
 * up, inject each scheduled fault (waiting for recovery and a calm period after
 * each), stop the load, wait for quiescence, check the invariants, stop everything.
 */
export class ChaosRun {
  private phase = BASELINE_PHASE;
  private system: ChaosSystem | null = null;
  private browsers: Browsers | null = null;
  private load: SteadyLoad | null = null;
  private readonly t0 = Date.now();
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 20 });
  private reportedExits = 0;

  constructor(private readonly options: ChaosOptions) {}

  log = (message: string): void => {
    process.stdout.write(`[${((Date.now() - this.t0) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
  };

  async run(): Promise<RunResult> {
    const { profile, seed } = this.options;
    const startedAt = new Date();
    const random = new Random(seed);
    const schedule = faultSchedule(profile);
    this.loopDelay.enable();
    const build = buildFingerprint();
    this.log(`chaos run "${profile.name}", seed ${seed}: starting the system (MariaDB + Redis behind proxies, 2 workers, ports 27000+)`);
    const system = (this.system = await ChaosSystem.start());
    const problems: string[] = [];
    const injections: InjectionRecord[] = [];
    let heartbeat: NodeJS.Timeout | undefined;
    try {
      this.log(`system ready on ${system.bffUrl}; database ${system.databaseName}; events through ${system.redisDescription}`);
      this.log(`connecting ${profile.browsers} browsers to ${system.bffUrl}/api/events`);
      const browsers = (this.browsers = await Browsers.connect(system.bffUrl, profile.browsers));
      const load = (this.load = new SteadyLoad({
        bffUrl: system.bffUrl,
        ordersPerSecond: profile.ordersPerSecond,
        random: new Random(seed ^ 0x5eed),
        phase: () => this.phase,
        log: this.log,
      }));
      load.start();
      heartbeat = setInterval(() => this.heartbeat(load), 10_000);
      this.log(`load: ${profile.ordersPerSecond} checkouts/s; warming up for ${profile.warmUpMs / 1000} s`);
      await sleep(profile.warmUpMs);

      const context: FaultContext = { system, random, log: this.log };
      faults: for (const { fault, times, pauseMs } of schedule) {
        this.phase = fault.name;
        for (let injection = 1; injection <= times; injection++) {
          await sleep(random.between(pauseMs[0], pauseMs[1]));
          try {
            const record = await this.inject(fault, context, load);
            injections.push(record);
            if (!record.recovered) {
              // Injecting more into a system that has not caught up measures the pile-up, not the faults.
              this.log(`${fault.name} did not recover: skipping the rest of the fault schedule`);
              break faults;
            }
          } catch (error) {
            const message = (error as Error).message;
            // The launcher's message ends with the process's last output lines: keep the gist in the report.
            problems.push(`${fault.name} #${injection} could not be injected or repaired: ${firstLines(message, 6)}`);
            this.log(`ERROR ${fault.name} #${injection} could not be injected or repaired: ${message}`);
            break faults;
          }
        }
        this.log(`${fault.name}: calm for ${profile.calmMs / 1000} s`);
        await sleep(profile.calmMs);
      }

      load.stop();
      this.log(`load stopped after ${load.orders.length} checkouts; waiting for quiescence (at most ${profile.quiescenceTimeoutMs / 1000} s)`);
      const quiescence = await waitForQuiescence(system, load, browsers, profile.quiescenceTimeoutMs);
      clearInterval(heartbeat);
      if (!quiescence.quiet) {
        problems.push(
          `not quiet ${quiescence.settleMs / 1000} s after the load stopped: ${quiescence.unfinishedOrders} orders and ` +
            `${quiescence.unfinishedJobs} jobs unfinished`,
        );
      }
      this.log(`quiet after ${(quiescence.settleMs / 1000).toFixed(1)} s; checking the invariants`);
      problems.push(...buildChanges(build, buildFingerprint()), ...system.unexpectedExits, ...system.lateExits);

      const snapshot = await readSnapshot(system);
      const views = browsers.views();
      const violations = checkInvariants({
        client: load.orders,
        ...snapshot,
        sse: views,
      });
      const report = buildReport({
        options: this.options,
        startedAt,
        database: system.databaseName,
        redis: system.redisDescription,
        build,
        serviceEnv: CHAOS_SERVICE_ENV,
        phases: [BASELINE_PHASE, ...schedule.map(({ fault }) => fault.name)],
        injections,
        load,
        snapshot,
        quiescence,
        browsers: browsers.summaries(),
        violations,
        evidence: collectEvidence(violations, snapshot, system.everyService),
        sseEvidence: collectSseEvidence(violations, system.everyService),
        problems,
        toolEventLoopDelayMs: {
          p50: Math.round(this.loopDelay.percentile(50) / 1e6),
          p99: Math.round(this.loopDelay.percentile(99) / 1e6),
          max: Math.round(this.loopDelay.max / 1e6),
        },
      });
      return { report, services: [...system.everyService] };
    } finally {
      clearInterval(heartbeat);
      this.loopDelay.disable();
      await this.shutdown();
    }
  }

  /** Stops the load, the browsers and every service, and drops the database; safe to call twice. */
  async shutdown(): Promise<void> {
    // Kept-alive client connections would hold a stopping BFF up: close them first.
    this.load?.abort();
    this.browsers?.close();
    this.browsers = null;
    const system = this.system;
    this.system = null;
    if (system) {
      this.log('stopping the system and dropping the test database');
      await system.shutdown();
    }
  }

  private async inject(fault: Fault, context: FaultContext, load: SteadyLoad): Promise<InjectionRecord> {
    const startedAt = Date.now();
    const injected = await fault.inject(context);
    this.log(`${fault.name}: ${injected}`);
    await sleep(fault.holdMs);
    const repaired = fault.recover ? await fault.recover(context) : '';
    const endedAt = Date.now();
    this.log(`${fault.name}: ${repaired || 'over'} (${((endedAt - startedAt) / 1000).toFixed(1)} s after the injection); measuring recovery`);
    const recovery = await measureRecovery(context.system, load, endedAt, this.options.profile.recoveryTimeoutMs);
    this.log(
      recovery.recovered
        ? `${fault.name}: recovered in ${((recovery.recoveryMs ?? 0) / 1000).toFixed(2)} s (backlog of ${recovery.backlog} orders)`
        : `${fault.name}: NOT recovered within ${this.options.profile.recoveryTimeoutMs / 1000} s (backlog of ${recovery.backlog} orders)`,
    );
    return {
      fault: fault.name,
      detail: [injected, repaired].filter(Boolean).join('; '),
      startedAt: new Date(startedAt).toISOString(),
      endedAt: new Date(endedAt).toISOString(),
      downMs: endedAt - startedAt,
      ...recovery,
    };
  }

  private heartbeat(load: SteadyLoad): void {
    const accepted = load.orders.filter((order) => order.outcome === 'accepted').length;
    this.log(`  … ${this.phase}: ${load.orders.length} checkouts, ${accepted} accepted, ${load.pending} being (re)tried`);
    const exits = this.system?.unexpectedExits ?? [];
    for (const exit of exits.slice(this.reportedExits)) this.log(`WARNING ${exit}`);
    this.reportedExits = exits.length;
  }
}

/** The first lines of a long message, without terminal colour codes. */
function firstLines(text: string, lines: number): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').split('\n').slice(0, lines).join(' | ');
}
