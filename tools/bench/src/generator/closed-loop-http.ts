import type { EventEmitter } from 'node:events';
import { summariseLatencies } from '../stats/percentiles';
import type { ClosedLoopJob, ClosedLoopResult } from './jobs';

interface AutocannonResult {
  errors: number;
  timeouts: number;
  non2xx: number;
}

type Autocannon = (
  options: Record<string, unknown>,
  done: (error: Error | null, result: AutocannonResult) => void,
) => EventEmitter;

// autocannon ships no types; this is the slice of its API used here.
const autocannon = require('autocannon') as Autocannon;

/**
 * autocannon with `connections` keep-alive connections. Latencies are taken
 * from its per-response event (sub-millisecond), not from its histogram, which
 * rounds to whole milliseconds — too coarse at concurrency 1. Each connection's
 * first answer is summarised apart (see ClosedLoopResult).
 */
export function runClosedLoop(job: ClosedLoopJob): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  const firstLatencies: number[] = [];
  const answeredClients = new WeakSet<object>();
  let answered2xx = 0;
  let first = 0;
  let last = 0;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      {
        url: job.url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: job.body,
        connections: job.connections,
        pipelining: 1,
        duration: job.durationSeconds,
        timeout: 10,
      },
      (error, result) => {
        if (error) return reject(error);
        const durationSeconds = ((last || performance.now()) - (first || started)) / 1000;
        resolve({
          requests: answered2xx,
          errors: result.errors + result.non2xx,
          durationSeconds,
          requestsPerSecond: durationSeconds > 0 ? Math.round((answered2xx / durationSeconds) * 10) / 10 : 0,
          latencyMs: summariseLatencies(latencies),
          firstRequestLatencyMs: summariseLatencies(firstLatencies),
        });
      },
    );
    instance.on('response', (client: object, statusCode: number, _bytes: number, responseTimeMs: number) => {
      const now = performance.now();
      first ||= now - responseTimeMs;
      last = now;
      const onOpenConnection = answeredClients.has(client);
      answeredClients.add(client);
      if (statusCode >= 200 && statusCode < 300) {
        answered2xx++;
        (onOpenConnection ? latencies : firstLatencies).push(responseTimeMs);
      }
    });
  });
}
