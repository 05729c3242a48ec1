import type { BenchOptions } from '../cli/options';
import type { ScenarioSizes } from '../cli/scenario-sizes';
import type { GeneratorAgent } from '../generator/generator-agent';
import type { Progress } from '../progress/progress';
import type { BenchDatabase } from '../system/bench-database';
import type { BenchSystem, StartTiming } from '../system/bench-system';
import type { ProcessRef, ResourceSampler } from '../system/resource-sampler';
import { CpuSnapshot } from '../system/resource-sampler';

/** Everything a scenario needs; scenarios share one running system and one load generator. */
export interface BenchContext {
  options: BenchOptions;
  sizes: ScenarioSizes;
  /** The Redis the services use (a private one with --redis=private). */
  redisUrl: string;
  system: BenchSystem;
  database: BenchDatabase;
  agent: GeneratorAgent;
  progress: Progress;
  sampler: ResourceSampler;
  startTiming: StartTiming;
  /** RSS of each service shortly after start, before any load. */
  startRssMB: Record<string, number | null>;
  idleRssMB: Record<string, number | null>;
  /** The processes whose CPU use is reported (services, infrastructure, the tool). */
  processes: () => ProcessRef[];
  /** Extra processes a scenario runs (the bare server) that should appear in the CPU split. */
  extraProcesses: ProcessRef[];
  /** CPU of helper processes that are not the generator agent (SSE client groups). */
  addGeneratorCpu(seconds: number): void;
  notes: string[];
}

/** The order every scenario places: approved by payment (≥ Rp 10.000). */
export const ORDER_BODY = JSON.stringify({ customerName: 'Bench Buyer', productName: 'Kopi Gayo 250 g', quantity: 1, amount: 50_000 });

export interface CpuSplit {
  /** Average cores each process used. */
  cpuCores: Record<string, number>;
  /** CPU seconds each process used: divided by the work done, a cost that other load on the host barely changes. */
  cpuSeconds: Record<string, number>;
}

/** Measures the CPU each process uses while `work` runs. */
export async function withCpuSplit<T>(context: BenchContext, work: () => Promise<T>): Promise<{ value: T } & CpuSplit> {
  const before = CpuSnapshot.take(context.processes());
  const value = await work();
  const after = CpuSnapshot.take(context.processes());
  return { value, cpuCores: after.coresSince(before), cpuSeconds: after.secondsSince(before) };
}

/** CPU milliseconds per unit of work (request, order, message) for each process. */
export function cpuMsPer(cpuSeconds: Record<string, number>, units: number): Record<string, number> {
  const perUnit: Record<string, number> = {};
  if (units <= 0) return perUnit;
  for (const [name, seconds] of Object.entries(cpuSeconds)) perUnit[name] = Math.round(((seconds * 1000) / units) * 1000) / 1000;
  return perUnit;
}
