import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { summariseLatencies } from '../stats/percentiles';
import { keepAliveAgent, postJson } from './http-post';
import type { PipelineLoopJob, PipelineLoopResult } from './jobs';

/** Nest's Redis framing around the events a publisher sent in one message. */
interface EventsEnvelope {
  data?: Array<{ type?: string; correlationId?: string }>;
}

/** Per-order ceiling on waiting for its final event, so a lost event cannot stall a slot forever. */
const ORDER_TIMEOUT_MS = 30_000;

/**
 * `inFlight` slots, each placing an order and waiting until the order's final
 * event is published on Redis before placing the next. Events arrive on the
 * services' payment channel (`job.channel`); other orders on it are ignored.
 */
export async function runPipelineLoop(job: PipelineLoopJob): Promise<PipelineLoopResult> {
  const [successType] = job.finalEventTypes;
  const finalTypes = new Set(job.finalEventTypes);
  const waiting = new Map<string, (type: string) => void>();
  const finishedEarly = new Map<string, string>();

  const subscriber = new Redis(job.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await subscriber.connect();
  await subscriber.subscribe(job.channel);
  subscriber.on('message', (_channel: string, raw: string) => {
    for (const event of (JSON.parse(raw) as EventsEnvelope).data ?? []) {
      if (!event.type || !finalTypes.has(event.type) || !event.correlationId?.startsWith(job.correlationPrefix)) continue;
      const settle = waiting.get(event.correlationId);
      if (settle) settle(event.type);
      else finishedEarly.set(event.correlationId, event.type);
    }
  });

  const waitForEnd = (correlationId: string, deadline: number) =>
    new Promise<string>((resolve) => {
      const early = finishedEarly.get(correlationId);
      if (early) return resolve(early);
      const timer = setTimeout(() => finish('timeout'), Math.max(0, Math.min(ORDER_TIMEOUT_MS, deadline - performance.now())));
      const finish = (type: string) => {
        clearTimeout(timer);
        waiting.delete(correlationId);
        resolve(type);
      };
      waiting.set(correlationId, finish);
    });

  const agent = keepAliveAgent(job.inFlight);
  const windowMs = job.durationSeconds * 1000;
  const seconds = Math.ceil(job.durationSeconds);
  const paidPerSecond = new Array<number>(seconds).fill(0);
  const acceptedPerSecond = new Array<number>(seconds).fill(0);
  const latencies: number[] = [];
  const totals = { accepted: 0, paid: 0, failed: 0, errors: 0, unfinished: 0 };
  let sequence = 0;
  const start = performance.now();
  const drainDeadline = start + windowMs + job.drainTimeoutSeconds * 1000;
  const bucket = (at: number) => Math.floor((at - start) / 1000);

  const slot = async () => {
    while (performance.now() - start < windowMs) {
      const correlationId = `${job.correlationPrefix}-${sequence++}`;
      const sentAt = performance.now();
      const ended = waitForEnd(correlationId, drainDeadline);
      const { status } = await postJson(job.postUrl, job.body, { 'x-correlation-id': correlationId }, agent);
      if (status !== 201) {
        totals.errors++;
        waiting.get(correlationId)?.('error');
        await ended;
        await sleep(10);
        continue;
      }
      totals.accepted++;
      const acceptedBucket = bucket(performance.now());
      if (acceptedBucket < seconds) acceptedPerSecond[acceptedBucket]++;
      const type = await ended;
      const endedAt = performance.now();
      if (type === successType) {
        totals.paid++;
        latencies.push(endedAt - sentAt);
        const paidBucket = bucket(endedAt);
        if (paidBucket < seconds) paidPerSecond[paidBucket]++;
      } else if (type === 'timeout') totals.unfinished++;
      else totals.failed++;
    }
  };

  await Promise.all(Array.from({ length: job.inFlight }, slot));
  agent.destroy();
  for (const settle of waiting.values()) settle('timeout');
  await subscriber.quit().catch(() => subscriber.disconnect());
  return { ...totals, paidPerSecond, acceptedPerSecond, latencyMs: summariseLatencies(latencies) };
}
