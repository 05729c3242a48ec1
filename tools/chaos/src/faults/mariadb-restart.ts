import type { Fault, FaultContext } from './fault';

/**
 * "MariaDB restarted", as every service sees it: the proxy in front of MariaDB
 * resets every pooled connection and refuses new ones for `holdMs`, then accepts
 * them again. The real server is shared with other work and is never touched.
 * Checkouts get a prompt 503 (the client retries with its Idempotency-Key),
 * claims and settles fail and are retried, leases cover the rest.
 */
export class MariaDbRestart implements Fault {
  readonly name = 'MariaDB restarted';

  constructor(readonly holdMs: number) {}

  async inject({ system }: FaultContext): Promise<string> {
    await system.databaseProxy.cut();
    return `MariaDB proxy cut for ${this.holdMs / 1000} s`;
  }

  async recover({ system }: FaultContext): Promise<string> {
    await system.databaseProxy.open();
    return 'MariaDB proxy open';
  }
}
