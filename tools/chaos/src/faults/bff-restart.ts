import type { Fault, FaultContext } from './fault';

/**
 * A deploy of the BFF while browsers are connected: SIGTERM ends every SSE
 * stream and the process, the port refuses connections for `holdMs`, then a new
 * process starts. Browsers (EventSource) reconnect with Last-Event-ID and get the
 * missed events replayed; checkouts in between are retried with their key.
 */
export class BffRestart implements Fault {
  readonly name = 'BFF restarted';

  constructor(readonly holdMs: number) {}

  async inject({ system }: FaultContext): Promise<string> {
    const sentAt = Date.now();
    const late = system.lateExits.length;
    await system.stop(system.service('client-bff'), 'SIGTERM');
    const exit = system.lateExits.length > late ? 'had to be SIGKILLed after 10 s' : `exited in ${((Date.now() - sentAt) / 1000).toFixed(1)} s`;
    return `SIGTERM client-bff (${exit}), down for ${this.holdMs / 1000} s`;
  }

  async recover({ system }: FaultContext): Promise<string> {
    await system.restart('client-bff');
    return 'client-bff started again';
  }
}
