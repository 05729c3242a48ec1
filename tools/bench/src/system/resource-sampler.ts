import { MB, readCpuSeconds, readRssBytes } from './process-stats';

export interface ProcessRef {
  name: string;
  pid: number | undefined;
}

/**
 * Samples the RSS of the system's processes every `intervalMs`, keeping the
 * peak per (phase, process), and measures each process's CPU use per phase.
 */
export class ResourceSampler {
  private readonly peaks = new Map<string, Map<string, number>>();
  private currentPhase = 'idle';
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly processes: () => ProcessRef[],
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.sampleNow(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  phase(name: string): void {
    this.sampleNow();
    this.currentPhase = name;
    this.sampleNow();
  }

  sampleNow(): void {
    const phasePeaks = this.peaks.get(this.currentPhase) ?? new Map<string, number>();
    this.peaks.set(this.currentPhase, phasePeaks);
    for (const process of this.processes()) {
      const rss = readRssBytes(process.pid);
      if (rss !== null) phasePeaks.set(process.name, Math.max(rss, phasePeaks.get(process.name) ?? 0));
    }
  }

  /** Peak RSS in MB of `process` over the given phases, or null if never sampled. */
  peakMB(process: string, phases: readonly string[]): number | null {
    let peak: number | null = null;
    for (const phase of phases) {
      const value = this.peaks.get(phase)?.get(process);
      if (value !== undefined) peak = Math.max(peak ?? 0, value);
    }
    return peak === null ? null : Math.round((peak / MB) * 10) / 10;
  }
}

/** CPU seconds of each process at one moment; the difference of two, divided by the wall time, is cores used. */
export class CpuSnapshot {
  private constructor(
    readonly atMs: number,
    readonly seconds: Map<string, number>,
  ) {}

  static take(processes: ProcessRef[]): CpuSnapshot {
    const seconds = new Map<string, number>();
    for (const process of processes) {
      const cpu = readCpuSeconds(process.pid);
      if (cpu !== null) seconds.set(process.name, (seconds.get(process.name) ?? 0) + cpu);
    }
    return new CpuSnapshot(performance.now(), seconds);
  }

  /** CPU seconds each process used between `earlier` and this snapshot. */
  secondsSince(earlier: CpuSnapshot): Record<string, number> {
    const used: Record<string, number> = {};
    for (const [name, seconds] of this.seconds) {
      const before = earlier.seconds.get(name);
      if (before !== undefined) used[name] = seconds - before;
    }
    return used;
  }

  /** Average cores used by each process between `earlier` and this snapshot. */
  coresSince(earlier: CpuSnapshot): Record<string, number> {
    const wallSeconds = (this.atMs - earlier.atMs) / 1000;
    const cores: Record<string, number> = {};
    for (const [name, seconds] of this.seconds) {
      const before = earlier.seconds.get(name);
      if (before !== undefined && wallSeconds > 0) cores[name] = Math.round(((seconds - before) / wallSeconds) * 100) / 100;
    }
    return cores;
  }
}
