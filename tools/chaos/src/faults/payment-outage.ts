import type { Fault, FaultContext } from './fault';

/**
 * payment is gone for `holdMs` (SIGKILL: charges in flight are never answered),
 * then started again. Workers see refused connections and timeouts, retry with
 * backoff, open their circuit breaker, and charge everything once it is back.
 */
export class PaymentOutage implements Fault {
  readonly name = 'payment stopped';

  constructor(
    readonly holdMs: number,
    private readonly signal: NodeJS.Signals = 'SIGKILL',
  ) {}

  async inject({ system }: FaultContext): Promise<string> {
    await system.stop(system.service('payment'), this.signal);
    return `${this.signal} payment, down for ${this.holdMs / 1000} s`;
  }

  async recover({ system }: FaultContext): Promise<string> {
    await system.restart('payment');
    return 'payment started again';
  }
}
