import { request } from 'node:http';
import { ResumePoint, type OrderEventDto } from '@mini-commerce/contracts';
import type { SystemUnderTest } from '@mini-commerce/system-harness';
import { eventually, getJson, placeOrder } from '@mini-commerce/testing';
import { gauge, RawSseConnection } from './support/sse-client';
import { startWebSystem } from './support/web-system';

const SSE_CLIENTS = 'mini_commerce_sse_clients';
const CONNECTIONS = 1_000;
const BATCH = 100;

describe('SSE connections on one BFF', () => {
  let system: SystemUnderTest;
  let open: RawSseConnection[] = [];

  /** Every connection starts after the newest event, so none replays history. */
  const streamUrl = async () => {
    const { body } = await getJson<OrderEventDto[]>(`${system.orderUrl}/events?limit=1`);
    return `${system.bffUrl}/api/events?after=${body.at(-1)?.id ?? 0}`;
  };

  const openMany = async (count: number, url: string) => {
    const connections: RawSseConnection[] = [];
    for (let start = 0; start < count; start += BATCH) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(BATCH, count - start) }, () => RawSseConnection.open(url)),
      );
      connections.push(...batch);
      open.push(...batch);
    }
    return connections;
  };

  const clients = () => gauge(system.bffUrl, SSE_CLIENTS);

  beforeAll(async () => {
    // Request logs of thousands of connections would only fill memory here.
    system = await startWebSystem('sse_connections', { LOG_LEVEL: 'warn' });
  });

  afterEach(() => {
    open.forEach((connection) => connection.destroy());
    open = [];
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('delivers every event of an order to 1,000 open connections, once each', async () => {
    const before = await clients();
    const connections = await openMany(CONNECTIONS, await streamUrl());
    await eventually(async () => (await clients()) === before + CONNECTIONS, {
      timeoutMs: 15_000,
      what: `${CONNECTIONS} more SSE clients`,
    });

    const order = await placeOrder(system.bffUrl, { customerName: 'Fan-out' });
    await eventually(() => connections.every((connection) => connection.has('order.paid', order.id)), {
      timeoutMs: 30_000,
      what: `order.paid on all ${CONNECTIONS} connections`,
    });
    for (const connection of connections) {
      const mine = connection.messages.filter((message) => message.data.includes(order.id));
      expect(mine.map((message) => message.event)).toEqual(['order.created', 'order.processing', 'order.paid']);
      // Each message's SSE id is where the client would resume: past that event.
      const lacking = mine.filter(
        (message) =>
          ResumePoint.parse(message.id ?? '')?.lacks((JSON.parse(message.data) as OrderEventDto).id) !== false,
      );
      expect(lacking).toEqual([]);
    }

    connections.forEach((connection) => connection.destroy());
    await eventually(async () => (await clients()) === before, {
      timeoutMs: 15_000,
      what: 'every SSE client to be released',
    });
  }, 180_000);

  it('keeps no listener behind after many connects and disconnects, however they end', async () => {
    const before = await clients();
    const url = await streamUrl();
    for (let cycle = 0; cycle < 20; cycle++) {
      const batch = await openMany(50, url);
      batch.forEach((connection, index) => (index % 2 === 0 ? connection.destroy() : connection.response.socket.end()));
      // Some clients give up before the BFF has even answered (while it reads history).
      await Promise.all(Array.from({ length: 10 }, () => abortBeforeAnswer(url)));
    }
    open = [];
    await eventually(async () => (await clients()) === before, {
      timeoutMs: 20_000,
      what: `${SSE_CLIENTS} back to ${before}`,
    });

    // The stream still works for the next client, and nothing warned about leaking listeners.
    const [next] = await openMany(1, await streamUrl());
    const order = await placeOrder(system.bffUrl, { customerName: 'After the churn' });
    await eventually(() => next.has('order.created', order.id), { what: 'an event on a fresh connection' });
    const output = system.service('client-bff').output.join('\n');
    expect(output).not.toMatch(/MaxListenersExceededWarning|memory leak/i);
  }, 180_000);
});

/** Sends the request and drops the connection as soon as it is written. */
function abortBeforeAnswer(url: string): Promise<void> {
  return new Promise((resolve) => {
    const clientRequest = request(url, { agent: false, headers: { accept: 'text/event-stream' } });
    clientRequest.on('error', () => resolve());
    clientRequest.on('close', () => resolve());
    clientRequest.end(() => setImmediate(() => clientRequest.destroy()));
  });
}
