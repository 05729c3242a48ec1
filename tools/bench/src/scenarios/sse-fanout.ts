import { setTimeout as sleep } from 'node:timers/promises';
import { OrderEventType } from '@mini-commerce/contracts';
import { keepAliveAgent, postJson } from '../generator/http-post';
import { SseClientGroupProcess } from '../generator/sse-client-group-process';
import type { SseFanoutResult, SseFanoutRow } from '../report/results';
import { medianLatency, round, summariseLatencies } from '../stats/percentiles';
import { MB, openFileLimit, readRssBytes } from '../system/process-stats';
import { ORDER_BODY, withCpuSplit, type BenchContext } from './context';
import { waitForEmptyQueue } from './e2e-latency';

/** File descriptors the BFF needs besides its SSE sockets (order connections, Redis, logs, libraries). */
const FD_HEADROOM = 1_000;

/**
 * Scenario 4: N SSE clients on the BFF (raw sockets, spread over several
 * processes), then one order: how long until every client has its
 * order.created event, and how much RSS each connection costs the BFF.
 */
export async function runSseFanout(context: BenchContext): Promise<SseFanoutResult> {
  const { clients, runs, clientsPerProcess, connectParallelism } = context.sizes.sse;
  await context.system.setWorkerCount(1);
  await context.database.reset();
  const limit = openFileLimit();
  const rows: SseFanoutRow[] = [];
  for (const requested of clients) {
    let count = requested;
    if (limit !== null && requested + FD_HEADROOM > limit) {
      count = Math.max(1, limit - FD_HEADROOM);
      context.notes.push(`sse-fanout: ulimit -n is ${limit}; ${requested} clients reduced to ${count} (raise it with ulimit -n)`);
    }
    rows.push(await measureFanout(context, requested, count, { runs, clientsPerProcess, connectParallelism }));
  }
  await context.database.reset();
  return { runs, openFileLimit: limit, rows, bffKBPerConnectionSlope: slopeKB(rows) };
}

function slopeKB(rows: readonly SseFanoutRow[]): number | null {
  const measured = rows.filter((row) => row.bffRssConnectedMB !== null && row.connected > 0);
  if (measured.length < 2) return null;
  const [small, large] = [measured[0], measured[measured.length - 1]];
  if (large.connected <= small.connected) return null;
  return round((((large.bffRssConnectedMB ?? 0) - (small.bffRssConnectedMB ?? 0)) * 1024) / (large.connected - small.connected), 1);
}

/** The id of the newest event, placing (and waiting for) one order if there is none yet. */
async function ensureAnEvent(context: BenchContext): Promise<number> {
  let newest = await context.database.maxEventId();
  if (newest > 0 && (await context.database.counts()).orders > 0) return newest;
  const agent = keepAliveAgent(1);
  await postJson(`${context.system.orderUrl}/orders`, ORDER_BODY, {}, agent);
  agent.destroy();
  for (let waited = 0; waited < 10_000 && newest === (await context.database.maxEventId()); waited += 100) await sleep(100);
  await waitForEmptyQueue(context, 10);
  newest = await context.database.maxEventId();
  return newest;
}

async function measureFanout(
  context: BenchContext,
  requested: number,
  count: number,
  sizes: { runs: number; clientsPerProcess: number; connectParallelism: number },
): Promise<SseFanoutRow> {
  const bff = context.system.service('client-bff');
  const processCount = Math.max(1, Math.ceil(count / sizes.clientsPerProcess));
  context.progress.update(`sse ${count} clients: starting ${processCount} client process(es)`);
  const groups = await Promise.all(Array.from({ length: processCount }, () => SseClientGroupProcess.start()));
  try {
    await sleep(500);
    const rssBefore = readRssBytes(bff?.child.pid);
    // One event behind the newest: each client's history replay is exactly one
    // event, and a client that has received it is subscribed and done replaying.
    const lastEventId = (await ensureAnEvent(context)) - 1;
    const shares = groups.map((_, index) => Math.floor(count / processCount) + (index < count % processCount ? 1 : 0));
    const connectStart = performance.now();
    const progress = setInterval(() => {
      const connected = groups.reduce((sum, group) => sum + group.connected, 0);
      context.progress.update(`sse ${count} clients: ${connected} connected`);
    }, 500);
    const answers = await Promise.all(
      groups.map((group, index) =>
        group.connect(`${context.system.bffUrl}/api/events`, shares[index], lastEventId, sizes.connectParallelism),
      ),
    ).finally(() => clearInterval(progress));
    const connectSeconds = round((performance.now() - connectStart) / 1000, 2);
    const connected = answers.reduce((sum, answer) => sum + answer.connected, 0);
    const failed = answers.reduce((sum, answer) => sum + answer.failed, 0);
    const retries = answers.reduce((sum, answer) => sum + answer.retries, 0);
    if (retries > 0) context.notes.push(`sse-fanout ${count}: ${retries} connection attempts failed and were retried (as EventSource does)`);
    const firstError = answers.find((answer) => answer.firstError)?.firstError;
    if (failed > 0) context.notes.push(`sse-fanout: ${failed} of ${count} connections failed (${firstError})`);
    // Let the BFF finish each connection's (empty) history replay before measuring.
    await sleep(Math.min(5_000, 1_000 + count / 5));
    const rssConnected = readRssBytes(bff?.child.pid);

    const agent = keepAliveAgent(1);
    const figures: SseFanoutRow['runs'] = [];
    const { cpuCores, cpuSeconds } = await withCpuSplit(context, async () => {
      for (let run = 1; run <= sizes.runs; run++) {
        context.progress.update(`sse ${count} clients: event ${run}/${sizes.runs}`);
        const correlationId = `fanout-${count}-${run}-${Date.now()}`;
        await Promise.all(groups.map((group) => group.arm(correlationId, OrderEventType.Created)));
        const sentAt = performance.timeOrigin + performance.now();
        const { status } = await postJson(`${context.system.orderUrl}/orders`, ORDER_BODY, { 'x-correlation-id': correlationId }, agent);
        if (status !== 201) throw new Error(`sse-fanout: POST /orders answered ${status}`);
        const arrivals = await Promise.all(groups.map((group) => group.collect(30_000)));
        const latencies = arrivals.flatMap((answer) => answer.times.map((at) => at - sentAt));
        const missing = arrivals.reduce((sum, answer) => sum + answer.missing, 0);
        const dropped = arrivals.reduce((sum, answer) => sum + answer.dropped, 0);
        figures.push({ deliveryMs: summariseLatencies(latencies), missing, dropped });
        // Its processing and paid events reach every client too; let them pass before the next order.
        await sleep(Math.min(3_000, 300 + count / 10));
      }
    });
    agent.destroy();
    const row: SseFanoutRow = {
      clients: requested,
      connected,
      failed,
      retries,
      connectSeconds,
      deliveryMs: medianLatency(figures.map((figure) => figure.deliveryMs)),
      missing: Math.max(0, ...figures.map((figure) => figure.missing)),
      dropped: Math.max(0, ...figures.map((figure) => figure.dropped)),
      bffRssBeforeMB: rssBefore === null ? null : round(rssBefore / MB, 1),
      bffRssConnectedMB: rssConnected === null ? null : round(rssConnected / MB, 1),
      bffKBPerConnection: rssBefore !== null && rssConnected !== null && connected > 0 ? round((rssConnected - rssBefore) / 1024 / connected, 2) : null,
      // Each order sends three events (created, processing, paid) to every client.
      bffCpuUsPerDelivery: cpuSeconds['client-bff'] !== undefined && connected > 0 ? round((cpuSeconds['client-bff'] * 1e6) / (connected * 3 * sizes.runs), 2) : null,
      clientProcesses: processCount,
      runs: figures,
      cpuCores,
    };
    context.progress.step(
      `sse ${String(count).padStart(5)} clients: connected ${connected} in ${connectSeconds} s; first event p50 ${row.deliveryMs.p50} ms, p99 ${row.deliveryMs.p99} ms, max ${row.deliveryMs.max} ms; ${row.bffKBPerConnection} KB/connection`,
    );
    return row;
  } finally {
    const cpu = await Promise.all(groups.map((group) => group.close().catch(() => 0)));
    context.addGeneratorCpu(cpu.reduce((a, b) => a + b, 0));
    // Let the BFF notice the closed connections before the next step.
    await sleep(Math.min(3_000, 500 + count / 5));
  }
}
