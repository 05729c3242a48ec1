import type { GeneratorJob, JobAnswer, JobRequest } from './jobs';
import { runClosedLoop } from './closed-loop-http';
import { runMysqlDirect } from './mysql-direct';
import { runOpenLoopOrders } from './open-loop-orders';
import { runPipelineLoop } from './pipeline-loop';

/**
 * Entry point of a load-generator process: runs one job at a time on request
 * over IPC, and answers with its result and the CPU this process spent on it.
 */
function run(job: GeneratorJob): Promise<unknown> {
  switch (job.kind) {
    case 'closed-loop':
      return runClosedLoop(job);
    case 'open-loop-orders':
      return runOpenLoopOrders(job);
    case 'pipeline-loop':
      return runPipelineLoop(job);
    case 'mysql-direct':
      return runMysqlDirect(job);
  }
}

process.on('message', (request: JobRequest) => {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const answer = (partial: Pick<JobAnswer, 'result' | 'error'>) => {
    const cpu = process.cpuUsage(cpuBefore);
    const message: JobAnswer = {
      id: request.id,
      ...partial,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      wallSeconds: (performance.now() - wallBefore) / 1000,
    };
    process.send?.(message);
  };
  run(request.job).then(
    (result) => answer({ result }),
    (error: Error) => answer({ error: error.stack ?? String(error) }),
  );
});

// The main process went away (Ctrl-C, crash): so does its generator.
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
