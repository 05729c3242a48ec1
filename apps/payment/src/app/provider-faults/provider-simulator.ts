import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ProviderFaultsDto } from '@mini-commerce/contracts';

/** A charge the simulated provider refused to process (not a decline: it may succeed when retried). */
export class ProviderFailureError extends Error {
  constructor() {
    super('payment provider error (simulated)');
  }
}

/** How long an "unreachable" charge hangs at most before giving up on its caller. */
const UNREACHABLE_HANG_MS = 60_000;

/**
 * The stand-in provider's behaviour: latency from PAYMENT_DELAY_MS, and — for
 * the operator panel — failures and unreachability that a learner can switch on.
 */
@Injectable()
export class ProviderSimulator {
  private faults: ProviderFaultsDto;

  constructor(config: ConfigService, private readonly random: () => number = Math.random) {
    this.faults = { delayMs: config.getOrThrow<number>('PAYMENT_DELAY_MS'), failurePercent: 0, unreachable: false };
  }

  get current(): ProviderFaultsDto {
    return { ...this.faults };
  }

  update(changes: Partial<ProviderFaultsDto>): ProviderFaultsDto {
    this.faults = { ...this.faults, ...changes };
    return this.current;
  }

  /** True when `beforeCharge` would do nothing: no latency, no failures. */
  get idle(): boolean {
    return this.faults.delayMs === 0 && this.faults.failurePercent === 0;
  }

  /** Runs before a new charge is recorded: waits, and may fail like a real provider. */
  async beforeCharge(): Promise<void> {
    if (this.faults.delayMs > 0) await sleep(this.faults.delayMs);
    if (this.random() * 100 < this.faults.failurePercent) throw new ProviderFailureError();
  }

  /** While "unreachable", a TCP request is left unanswered, as a dropped network would. */
  async waitWhileUnreachable(): Promise<void> {
    const deadline = Date.now() + UNREACHABLE_HANG_MS;
    while (this.faults.unreachable && Date.now() < deadline) await sleep(100);
  }
}
