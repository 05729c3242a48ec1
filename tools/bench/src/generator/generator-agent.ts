import { once } from 'node:events';
import { resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { forkTypeScript } from '../system/child-processes';
import type { GeneratorJob, JobAnswer, JobResultMap } from './jobs';

export interface JobOutcome<T> {
  result: T;
  /** CPU the generator process used for this job, and the job's wall time. */
  cpuSeconds: number;
  wallSeconds: number;
}

/** The main process's handle on one load-generator process. */
export class GeneratorAgent {
  private nextId = 1;
  private readonly pending = new Map<number, (answer: JobAnswer) => void>();
  /** CPU seconds of every job so far: the generator's share of the tool's own CPU use. */
  cpuSeconds = 0;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: JobAnswer | { ready: true }) => {
      if ('id' in message) {
        this.pending.get(message.id)?.(message);
        this.pending.delete(message.id);
      }
    });
    child.once('exit', (code, signal) => {
      for (const [id, settle] of this.pending) {
        settle({ id, error: `generator exited (${signal ?? code})`, cpuSeconds: 0, wallSeconds: 0 });
      }
      this.pending.clear();
    });
  }

  static async start(): Promise<GeneratorAgent> {
    const child = forkTypeScript(resolve(__dirname, 'agent-main.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const agent = new GeneratorAgent(child);
    await Promise.race([
      once(child, 'message'),
      once(child, 'exit').then(() => Promise.reject(new Error('the load generator did not start'))),
    ]);
    return agent;
  }

  run<K extends GeneratorJob['kind']>(job: Extract<GeneratorJob, { kind: K }>): Promise<JobOutcome<JobResultMap[K]>> {
    const id = this.nextId++;
    return new Promise((resolvePromise, reject) => {
      this.pending.set(id, (answer) => {
        this.cpuSeconds += answer.cpuSeconds;
        if (answer.error) reject(new Error(`${job.kind} failed in the load generator: ${answer.error}`));
        else resolvePromise({ result: answer.result as JobResultMap[K], cpuSeconds: answer.cpuSeconds, wallSeconds: answer.wallSeconds });
      });
      this.child.send({ id, job });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.disconnect();
    await exited;
  }
}
