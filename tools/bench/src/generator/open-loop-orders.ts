import { setTimeout as sleep } from 'node:timers/promises';
import { quantileOfSorted, summariseLatencies } from '../stats/percentiles';
import { keepAliveAgent, postJson } from './http-post';
import type { OpenLoopOrdersJob, OpenLoopOrdersResult } from './jobs';
import { openSse } from './sse-connection';

/**
 * Fixed arrival rate (open loop): request i is due at start + i/rate and is
 * sent then, however many earlier ones are still unanswered, so a slow system
 * cannot slow the arrivals down (no coordinated omission). Latency counts from
 * the due time to the order's final event on a real SSE connection to the BFF.
 */
export async function runOpenLoopOrders(job: OpenLoopOrdersJob): Promise<OpenLoopOrdersResult> {
  const [successType] = job.finalEventTypes;
  const finalTypes = new Set(job.finalEventTypes);
  const dueAt = new Map<string, number>();
  const finishedAt = new Map<string, number>();
  let failed = 0;

  const sse = await openSse(job.sseUrl, job.lastEventId, (message) => {
    if (!finalTypes.has(message.event)) return;
    const now = performance.now();
    const { correlationId } = JSON.parse(message.data) as { correlationId: string };
    if (!dueAt.has(correlationId) || finishedAt.has(correlationId)) return;
    finishedAt.set(correlationId, now);
    if (message.event !== successType) failed++;
  });

  const agent = keepAliveAgent(1_024);
  const total = Math.max(1, Math.round(job.rate * job.durationSeconds));
  const intervalMs = 1000 / job.rate;
  const acceptLatencies: number[] = [];
  const sendLags: number[] = [];
  const answers: Promise<void>[] = [];
  const accepted = new Set<string>();
  let errors = 0;

  const send = (index: number, due: number) => {
    const correlationId = `${job.correlationPrefix}-${index}`;
    dueAt.set(correlationId, due);
    sendLags.push(performance.now() - due);
    answers.push(
      postJson(job.postUrl, job.body, { 'x-correlation-id': correlationId }, agent).then(({ status }) => {
        if (status === 201) {
          accepted.add(correlationId);
          acceptLatencies.push(performance.now() - due);
        } else errors++;
      }),
    );
  };

  const start = performance.now();
  for (let index = 0; index < total; ) {
    const now = performance.now();
    while (index < total && start + index * intervalMs <= now) {
      send(index, start + index * intervalMs);
      index++;
    }
    if (index < total) await sleep(Math.max(0, Math.min(5, start + index * intervalMs - performance.now())));
  }
  const sendingSeconds = (performance.now() - start) / 1000;
  await Promise.all(answers);

  const settleDeadline = performance.now() + job.settleTimeoutSeconds * 1000;
  const isDone = () => [...accepted].every((id) => finishedAt.has(id));
  while (!isDone() && performance.now() < settleDeadline) await sleep(20);
  sse.close();
  agent.destroy();

  const latencies = [...accepted].filter((id) => finishedAt.has(id)).map((id) => (finishedAt.get(id) ?? 0) - (dueAt.get(id) ?? 0));
  const sortedLags = Float64Array.from(sendLags).sort();
  return {
    sent: total,
    accepted: accepted.size,
    errors,
    completed: latencies.length,
    failed,
    missing: accepted.size - latencies.length,
    achievedRate: Math.round((total / Math.max(sendingSeconds, intervalMs / 1000)) * 10) / 10,
    latencyMs: summariseLatencies(latencies),
    acceptLatencyMs: summariseLatencies(acceptLatencies),
    sendLagP99Ms: Math.round(quantileOfSorted(sortedLags, 0.99) * 100) / 100,
  };
}
