import type { Fault, FaultContext } from './fault';

/**
 * "Redis restarted", as every service sees it: the proxy in front of Redis
 * resets every connection and refuses new ones for `holdMs`, then accepts them
 * again. The machine's real Redis is shared with other work and is never touched.
 * Publishes fail or queue, subscriptions drop; workers fall back to polling,
 * BFFs to reading history; everyone resubscribes when it returns.
 */
export class RedisRestart implements Fault {
  readonly name = 'Redis restarted';

  constructor(readonly holdMs: number) {}

  async inject({ system }: FaultContext): Promise<string> {
    await system.redisProxy.cut();
    return `Redis proxy cut for ${this.holdMs / 1000} s`;
  }

  async recover({ system }: FaultContext): Promise<string> {
    await system.redisProxy.open();
    return 'Redis proxy open';
  }
}
