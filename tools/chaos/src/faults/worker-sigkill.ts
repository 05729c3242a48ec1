import type { RunningService } from '@mini-commerce/system-harness';
import type { Fault, FaultContext } from './fault';

/**
 * A worker dies without warning (OOM killer, node failure): SIGKILL to a random
 * one of the running workers, at whatever point of its claim/charge/settle cycle
 * it happens to be. Its leased jobs come back when their lease ends; a new
 * replica (fresh WORKER_ID) takes its place, as an orchestrator would start one.
 */
export class WorkerSigkill implements Fault {
  readonly name = 'worker SIGKILL';
  readonly holdMs = 0;
  private victim: RunningService | null = null;

  async inject({ system, random }: FaultContext): Promise<string> {
    const workers = system.runningWorkers();
    if (workers.length < 2) throw new Error(`only ${workers.length} worker(s) running; refusing to kill the last one`);
    const victim = random.pick(workers);
    this.victim = victim;
    const pid = victim.child.pid;
    await system.stop(victim, 'SIGKILL');
    return `SIGKILL ${victim.name} (pid ${pid})`;
  }

  async recover({ system }: FaultContext): Promise<string> {
    const replacement = await system.startReplacementWorker();
    return `${replacement.name} started in place of ${this.victim?.name ?? 'the killed worker'}`;
  }
}
