import { once } from 'node:events';
import { resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { forkTypeScript } from '../system/child-processes';
import type { FanoutCommand, FanoutReport } from './sse-fanout-protocol';

type ReportOf<T extends FanoutReport['type']> = Extract<FanoutReport, { type: T }>;

/** The main process's handle on one SSE client-group process. */
export class SseClientGroupProcess {
  connected = 0;
  failed = 0;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (report: FanoutReport) => {
      if (report.type === 'progress' || report.type === 'connected') {
        this.connected = report.connected;
        this.failed = report.failed;
      }
    });
  }

  static async start(): Promise<SseClientGroupProcess> {
    const child = forkTypeScript(resolve(__dirname, 'sse-client-group.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const group = new SseClientGroupProcess(child);
    await group.next('ready');
    return group;
  }

  async connect(url: string, count: number, lastEventId: number, parallelism: number): Promise<ReportOf<'connected'>> {
    return this.request({ cmd: 'connect', url, count, lastEventId, parallelism }, 'connected');
  }

  arm(correlationId: string, eventType: string): Promise<ReportOf<'armed'>> {
    return this.request({ cmd: 'arm', correlationId, eventType }, 'armed');
  }

  collect(timeoutMs: number): Promise<ReportOf<'arrivals'>> {
    return this.request({ cmd: 'collect', timeoutMs }, 'arrivals');
  }

  /** Closes every connection; resolves with the CPU seconds the process used in all. */
  async close(): Promise<number> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return 0;
    const exited = once(this.child, 'exit');
    const { cpuSeconds } = await this.request({ cmd: 'close' }, 'closed');
    await exited;
    return cpuSeconds;
  }

  private request<T extends FanoutReport['type']>(command: FanoutCommand, answer: T): Promise<ReportOf<T>> {
    const reply = this.next(answer);
    this.child.send(command);
    return reply;
  }

  private next<T extends FanoutReport['type']>(type: T): Promise<ReportOf<T>> {
    return new Promise((resolvePromise, reject) => {
      const onMessage = (report: FanoutReport) => {
        if (report.type !== type) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolvePromise(report as ReportOf<T>);
      };
      const onExit = (code: number | null) => {
        this.child.off('message', onMessage);
        reject(new Error(`an SSE client group exited (${code}) while waiting for "${type}"`));
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }
}
