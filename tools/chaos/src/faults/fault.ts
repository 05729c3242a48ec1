import type { Random } from '../random';
import type { ChaosSystem } from '../system/chaos-system';

export interface FaultContext {
  system: ChaosSystem;
  random: Random;
  log: (message: string) => void;
}

/**
 * One kind of failure. `inject` breaks something and returns what it did;
 * the runner holds the fault for `holdMs`, then `recover` repairs it (restarts
 * the process, reopens the proxy). The fault has ended when `recover` resolves:
 * recovery time is measured from that moment.
 */
export interface Fault {
  /** The row in the report. */
  readonly name: string;
  /** How long the system stays broken between inject and recover. */
  readonly holdMs: number;
  inject(context: FaultContext): Promise<string>;
  recover?(context: FaultContext): Promise<string>;
}

/** A fault and how often the runner injects it, with a random pause before each injection. */
export interface ScheduledFault {
  fault: Fault;
  times: number;
  pauseMs: readonly [number, number];
}
