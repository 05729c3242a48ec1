import { openSse, type SseConnection } from './sse-connection';
import type { FanoutCommand, FanoutReport } from './sse-fanout-protocol';

/**
 * Entry point of one SSE client-group process: holds `count` SSE connections
 * to the BFF, each on its own socket, and records when each of them receives
 * an armed event. Several of these run side by side for 10,000 clients, so the
 * clients are not the bottleneck.
 */
const connections: SseConnection[] = [];
let arrivals = new Float64Array(0);
let armed: { correlationId: string; eventType: string } | null = null;
let dropped = 0;
/** Connection attempts that failed and were made again. */
let retries = 0;
const cpuAtStart = process.cpuUsage();

const send = (report: FanoutReport) => process.send?.(report);
const now = () => performance.timeOrigin + performance.now();

/** Attempts per client, as a browser's EventSource reconnects when a connection fails. */
const ATTEMPTS = 3;

/**
 * Opens one client and resolves once it has received its first event: the
 * cursor is one event behind, so that event is the history replay, and a
 * client that has it is subscribed to the live stream and done replaying.
 */
async function openReady(url: string, lastEventId: number, index: number): Promise<SseConnection> {
  let lastError: Error = new Error('no attempt');
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let ready = false;
    let settle: (error?: Error) => void = () => undefined;
    const readyOrClosed = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
    try {
      const connection = await openSse(
        url,
        lastEventId,
        (message) => {
          if (!ready) {
            ready = true;
            settle();
          }
          if (armed && Number.isNaN(arrivals[index]) && message.event === armed.eventType && message.data.includes(armed.correlationId)) {
            arrivals[index] = now();
          }
        },
        {
          onEnd: () => {
            if (ready) dropped++;
            else settle(new Error('closed by the server before the history replay'));
          },
        },
      );
      const timer = setTimeout(() => settle(new Error('no history replay within 30 s')), 30_000);
      try {
        await readyOrClosed;
      } finally {
        clearTimeout(timer);
      }
      return connection;
    } catch (error) {
      lastError = error as Error;
      retries += 1;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
  throw lastError;
}


async function connect(url: string, count: number, lastEventId: number, parallelism: number): Promise<void> {
  arrivals = new Float64Array(count).fill(Number.NaN);
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const progress = setInterval(() => send({ type: 'progress', connected: connections.length, failed }), 250);
  const opener = async () => {
    while (next < count) {
      const index = next++;
      try {
        connections.push(await openReady(url, lastEventId, index));
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, count) }, opener));
  clearInterval(progress);
  send({ type: 'connected', connected: connections.length, failed, retries, firstError });
}

async function collect(timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const received = () => arrivals.reduce((sum, at) => sum + (Number.isNaN(at) ? 0 : 1), 0);
  while (received() < connections.length && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const times = Array.from(arrivals).filter((at) => !Number.isNaN(at));
  send({ type: 'arrivals', times, missing: connections.length - times.length, dropped });
}

process.on('message', (command: FanoutCommand) => {
  switch (command.cmd) {
    case 'connect':
      void connect(command.url, command.count, command.lastEventId, command.parallelism);
      break;
    case 'arm':
      armed = { correlationId: command.correlationId, eventType: command.eventType };
      arrivals.fill(Number.NaN);
      send({ type: 'armed' });
      break;
    case 'collect':
      void collect(command.timeoutMs);
      break;
    case 'close': {
      for (const connection of connections) connection.close();
      const cpu = process.cpuUsage(cpuAtStart);
      send({ type: 'closed', cpuSeconds: (cpu.user + cpu.system) / 1e6 });
      setTimeout(() => process.exit(0), 50);
      break;
    }
  }
});

process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
