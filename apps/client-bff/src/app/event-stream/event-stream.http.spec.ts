import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceUnavailableException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createFastifyAdapter, createValidationPipe } from '@mini-commerce/service-chassis';
import { Test } from '@nestjs/testing';
import { register } from 'prom-client';
import type { OrderEventDto } from '@mini-commerce/contracts';
import { eventually, idRange, orderEventWithId, SseRecorder } from '@mini-commerce/testing';
import { OrderApiClient } from '../order-api/order-api.client';
import { EventStreamController } from './event-stream.controller';
import { DEFAULT_REPLAY, EventStreamService } from './event-stream.service';
import { LiveEventsService } from './live-events.service';
import { sseClientsGauge } from './sse-metrics';
import { SseWriter } from './sse-writer';

/**
 * The event stream over HTTP on a real port: the controller writes the SSE
 * frames itself, so what a client receives is tested on the wire.
 */

/** The order service's event history. */
class FakeOrderApi {
  stored: OrderEventDto[] = [];
  failure?: { error: Error; afterMs?: number };
  private gate: Promise<unknown> = Promise.resolve();

  async events(after: number | undefined, limit: number): Promise<OrderEventDto[]> {
    if (this.failure) {
      const { error, afterMs } = this.failure;
      if (afterMs !== undefined) await new Promise((resolve) => setTimeout(resolve, afterMs));
      throw error;
    }
    const snapshot =
      after === undefined ? this.stored.slice(-limit) : this.stored.filter((e) => e.id > after).slice(0, limit);
    await this.gate;
    return snapshot;
  }

  /** Holds every history answer until the returned function is called. */
  holdAnswers(): () => void {
    let open!: () => void;
    this.gate = new Promise<void>((resolve) => (open = resolve));
    return () => {
      this.gate = Promise.resolve();
      open();
    };
  }
}

interface Frame {
  id?: string;
  event?: string;
  retry?: string;
  data?: string;
}

/** One raw HTTP connection to the stream (its own socket), recording the body as it arrives. */
class RawClient {
  body = '';
  ended = false;

  private constructor(
    private readonly destroyRequest: () => void,
    readonly response: IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (this.body += chunk));
    response.on('error', () => undefined);
    response.on('close', () => (this.ended = true));
  }

  static open(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const clientRequest = request({ host: '127.0.0.1', port, path, method, agent: false, headers });
      clientRequest.on('response', (response) => resolve(new RawClient(() => clientRequest.destroy(), response)));
      clientRequest.on('error', reject);
      clientRequest.end();
    });
  }

  get status(): number | undefined {
    return this.response.statusCode;
  }

  get headers(): IncomingHttpHeaders {
    return this.response.headers;
  }

  /** Complete frames received so far (comments and empty lines are not frames). */
  get frames(): Frame[] {
    const complete = this.body.slice(0, this.body.lastIndexOf('\n\n') + 1);
    return complete
      .split('\n\n')
      .map((block) =>
        block
          .split('\n')
          .filter((line) => line !== '' && !line.startsWith(':'))
          .reduce<Frame>((frame, line) => {
            const [, field, value] = /^([^:]+): ?(.*)$/.exec(line) ?? [];
            return {
              ...frame,
              [field]: field === 'data' && frame.data !== undefined ? `${frame.data}\n${value}` : value,
            };
          }, {}),
      )
      .filter((frame) => Object.keys(frame).length > 0);
  }

  get ids(): number[] {
    return this.frames.filter((frame) => frame.id !== undefined).map((frame) => Number(frame.id));
  }

  waitForIds(count: number, what = `${count} events`): Promise<number[]> {
    return eventually(() => this.ids.length >= count && this.ids, { what, timeoutMs: 5_000, intervalMs: 10 });
  }

  waitForEnd(): Promise<true> {
    return eventually(() => this.ended, { what: 'the response to end', timeoutMs: 5_000, intervalMs: 10 });
  }

  /** The client leaves: a closed tab, a dropped network. */
  destroy(): void {
    this.destroyRequest();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GET /api/events on a real port', () => {
  let app: NestFastifyApplication;
  let port: number;
  let live: LiveEventsService;
  let orderApi: FakeOrderApi;
  let writer: SseWriter;
  let clients: RawClient[];

  const connect = async (path = '/api/events', headers: Record<string, string> = {}, method = 'GET') => {
    const client = await RawClient.open(port, path, headers, method);
    clients.push(client);
    return client;
  };
  const sseClients = async () => (await register.getSingleMetric('mini_commerce_sse_clients')?.get())?.values[0]?.value;

  beforeEach(async () => {
    orderApi = new FakeOrderApi();
    writer = new SseWriter();
    clients = [];
    const moduleRef = await Test.createTestingModule({
      controllers: [EventStreamController],
      providers: [
        LiveEventsService,
        EventStreamService,
        sseClientsGauge,
        { provide: OrderApiClient, useValue: orderApi },
        { provide: SseWriter, useValue: writer },
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(
      createFastifyAdapter({ forceCloseConnections: true }),
      {
        logger: false,
      },
    );
    app.useGlobalPipes(createValidationPipe());
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    live = app.get(LiveEventsService);
  });

  afterEach(async () => {
    clients.forEach((client) => client.destroy());
    await app.close();
    register.clear();
  });

  it('answers with the event-stream headers and one frame per event: id, event type, JSON data', async () => {
    orderApi.stored = [orderEventWithId(1), orderEventWithId(2, { type: 'order.paid' as OrderEventDto['type'] })];

    const client = await connect('/api/events?after=0');
    await client.waitForIds(2);
    const liveEvent = orderEventWithId(3);
    live.publish(liveEvent);
    await client.waitForIds(3);

    expect(client.status).toBe(200);
    expect(client.headers).toMatchObject({
      'content-type': 'text/event-stream',
      'cache-control': 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform',
      connection: 'keep-alive',
      pragma: 'no-cache',
      expire: '0',
      'x-accel-buffering': 'no',
    });
    const frame = (event: OrderEventDto) => `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    expect(client.body).toBe(`\n${orderApi.stored.map(frame).join('')}${frame(liveEvent)}`);
  });

  it('sends the headers before any event, so a client knows it is connected while history is read', async () => {
    const release = orderApi.holdAnswers();

    const client = await connect('/api/events?after=0');

    expect(client.status).toBe(200);
    expect(client.headers['content-type']).toBe('text/event-stream');
    release();
  });

  it('replays every event after Last-Event-ID (which takes precedence over ?after=), then goes live', async () => {
    orderApi.stored = idRange(1, 10).map((id) => orderEventWithId(id));

    const client = await connect('/api/events?after=2', { 'last-event-id': '7' });
    await client.waitForIds(3);
    live.publish(orderEventWithId(11));

    expect(await client.waitForIds(4)).toEqual([8, 9, 10, 11]);
  });

  it('replays the latest events to a client without a cursor', async () => {
    orderApi.stored = idRange(1, DEFAULT_REPLAY + 5).map((id) => orderEventWithId(id));

    const client = await connect();

    expect(await client.waitForIds(DEFAULT_REPLAY)).toEqual(idRange(6, DEFAULT_REPLAY + 5));
  });

  it('sends an event published while history is read once, after the history: no gap, no duplicate', async () => {
    orderApi.stored = idRange(1, 5).map((id) => orderEventWithId(id));
    const release = orderApi.holdAnswers();
    const client = await connect('/api/events?after=0');

    live.publish(orderApi.stored[4]); // committed before the read, published after
    live.publish(orderEventWithId(6));
    release();
    await client.waitForIds(6);
    live.publish(orderEventWithId(7));

    expect(await client.waitForIds(7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('renders an event once, however many connections it is written to', async () => {
    const connections = await Promise.all(Array.from({ length: 25 }, () => connect('/api/events?after=0')));
    await eventually(() => live.subscriberCount === 25, { what: '25 subscribers' });
    let serialised = 0;
    const event = orderEventWithId(1);
    Object.defineProperty(event, 'toJSON', {
      enumerable: false,
      value(this: OrderEventDto) {
        serialised++;
        return { ...this };
      },
    });

    live.publish(event);

    for (const client of connections) expect(await client.waitForIds(1)).toEqual([1]);
    expect(serialised).toBe(1);
    expect(new Set(connections.map((client) => client.body)).size).toBe(1);
  });

  it('stops listening when clients leave, before or after they were answered, and the gauge follows', async () => {
    const connections = await Promise.all(Array.from({ length: 10 }, () => connect('/api/events?after=0')));
    await eventually(() => live.subscriberCount === 10, { what: '10 subscribers' });
    expect(await sseClients()).toBe(10);

    // Half of them drop the connection, the other half close their side of it.
    connections.forEach((client, index) => (index % 2 === 0 ? client.destroy() : client.response.socket.end()));
    await eventually(() => live.subscriberCount === 0, { what: 'every subscriber gone' });
    expect(await sseClients()).toBe(0);
    expect(writer.connectionCount).toBe(0);

    // Leaves while its history is still being read.
    const release = orderApi.holdAnswers();
    const early = await connect('/api/events?after=0');
    early.destroy();
    await eventually(() => live.subscriberCount === 0, { what: 'the early leaver gone' });
    release();
    await settle();
    expect(live.subscriberCount).toBe(0);
    expect(writer.connectionCount).toBe(0);
  });

  it('drops a client that stops reading once 4 MB wait for it; the others get everything, and it resumes', async () => {
    const fast = await connect('/api/events?after=0');
    const slow = await connect('/api/events?after=0');
    await eventually(() => live.subscriberCount === 2, { what: '2 subscribers' });
    slow.response.pause();

    // Large events, so that the kernel's socket buffers fill up quickly too.
    const padding = 'x'.repeat(256 * 1024);
    let id = 0;
    while (live.subscriberCount === 2 && id < 400) {
      const event = orderEventWithId(++id, { data: { padding } });
      orderApi.stored.push(event);
      live.publish(event);
      await fast.waitForIds(id);
    }

    expect(live.subscriberCount).toBe(1);
    expect(writer.connectionCount).toBe(1);
    expect(fast.ids).toEqual(idRange(1, id));
    // Not just the kernel's buffers: Node held 4 MB on top before giving up.
    expect(id * padding.length).toBeGreaterThan(writer.maxBufferedBytes);

    slow.response.resume();
    await slow.waitForEnd();
    const received = slow.ids;
    expect(received.length).toBeLessThan(id);
    expect(received).toEqual(idRange(1, received.length));

    const resumed = await connect('/api/events', { 'last-event-id': String(received.at(-1) ?? 0) });
    expect(await resumed.waitForIds(id - received.length)).toEqual(idRange(received.length + 1, id));
  }, 30_000);

  it('sends a page of history larger than 4 MB in full to a client that reads it', async () => {
    const padding = 'x'.repeat(256 * 1024);
    orderApi.stored = idRange(1, 24).map((id) => orderEventWithId(id, { data: { padding } }));

    const client = await connect('/api/events?after=0');

    expect(await client.waitForIds(24)).toEqual(idRange(1, 24));
    expect(live.subscriberCount).toBe(1);
  });

  it('ends the stream with an error event when history cannot be read once the stream is open', async () => {
    orderApi.failure = {
      error: new ServiceUnavailableException('the order service is unavailable; try again shortly'),
      afterMs: 50,
    };

    const client = await connect('/api/events?after=0');
    await client.waitForEnd();

    expect(client.status).toBe(200);
    expect(client.body).toBe('\nevent: error\ndata: the order service is unavailable; try again shortly\n\n');
    expect(live.subscriberCount).toBe(0);
  });

  it('answers with the error status when history fails before the stream is open', async () => {
    orderApi.failure = {
      error: new ServiceUnavailableException('the order service is unavailable; try again shortly'),
    };

    const client = await connect('/api/events?after=0');
    await client.waitForEnd();

    expect(client.status).toBe(503);
    expect(JSON.parse(client.body)).toMatchObject({ statusCode: 503, message: expect.stringMatching(/unavailable/) });
    expect(live.subscriberCount).toBe(0);
    expect(writer.connectionCount).toBe(0);
  });

  it.each([
    ['Last-Event-ID abc', '/api/events', { 'last-event-id': 'abc' }, 'Last-Event-ID must be an event id'],
    ['Last-Event-ID -1', '/api/events?after=3', { 'last-event-id': '-1' }, 'Last-Event-ID must be an event id'],
    ['Last-Event-ID 7 except 9', '/api/events', { 'last-event-id': '7 except 9' }, 'Last-Event-ID must be an event id'],
    ['after=abc', '/api/events?after=abc', {}, 'after must be an event id'],
    ['after=-5', '/api/events?after=-5', {}, 'after must be an event id'],
  ])('rejects %s with a JSON 400', async (_case, path, headers, message) => {
    const client = await connect(path, headers);
    await client.waitForEnd();

    expect(client.status).toBe(400);
    expect(client.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.stringify(JSON.parse(client.body))).toContain(message);
    expect(live.subscriberCount).toBe(0);
  });

  it('answers HEAD with the headers only', async () => {
    const client = await connect('/api/events', {}, 'HEAD');
    await eventually(() => client.response.complete, { what: 'the HEAD response' });

    expect(client.status).toBe(200);
    expect(client.headers['content-type']).toBe('text/event-stream');
    expect(client.body).toBe('');
    expect(live.subscriberCount).toBe(0);
  });

  it('on shutdown ends open streams, and tells new clients to reconnect shortly and closes their connection', async () => {
    const open = await connect('/api/events?after=0');
    await eventually(() => live.subscriberCount === 1, { what: 'a subscriber' });

    live.beforeApplicationShutdown();
    await open.waitForEnd();
    const late = await connect('/api/events?after=0');
    await late.waitForEnd();

    expect(open.body).toBe('\n');
    expect(late.status).toBe(200);
    expect(late.headers).toMatchObject({ 'content-type': 'text/event-stream', connection: 'close' });
    expect(late.frames).toEqual([{ event: 'reconnect', retry: '1000', data: 'this server is shutting down' }]);
    expect(late.ids).toEqual([]);
    expect(writer.connectionCount).toBe(0);
  });

  it.each([
    ['is read from history on resuming', true],
    ['arrives live after the resume', false],
  ])(
    'gives a real EventSource an event that committed after a higher one and after it was dropped: it %s',
    async (_case, committedBeforeResume) => {
      const recent = (id: number) => orderEventWithId(id, { occurredAt: new Date().toISOString() });
      orderApi.stored = [1, 2, 3].map(recent);
      const recorder = new SseRecorder(`http://127.0.0.1:${port}/api/events?after=0`, ['order.created']);
      try {
        await eventually(() => recorder.received.length === 3, { what: '3 events' });
        // 4 took its id first, but 5 commits (and is published) first.
        orderApi.stored.push(recent(5));
        live.publish(orderApi.stored[3]);
        await eventually(() => recorder.received.length === 4, { what: 'event 5' });

        app.getHttpServer().closeAllConnections();
        await eventually(() => live.subscriberCount === 0, { what: 'the dropped connection' });
        const late = recent(4);
        if (committedBeforeResume) orderApi.stored.splice(3, 0, late);
        // Subscribed, so its history is read.
        await eventually(() => live.subscriberCount === 1, { what: 'the reconnect' });
        if (!committedBeforeResume) {
          orderApi.stored.splice(3, 0, late);
          live.publish(late);
        }
        await eventually(() => recorder.received.length === 5, { what: 'event 4' });

        expect(recorder.received.map((event) => [event.data.id, event.lastEventId])).toEqual([
          [1, '1'],
          [2, '2'],
          [3, '3'],
          [5, '5 except 4'],
          [4, '5'],
        ]);
      } finally {
        recorder.close();
      }
    },
    15_000,
  );

  it('works with a real EventSource, which resumes with Last-Event-ID after a dropped connection', async () => {
    orderApi.stored = idRange(1, 3).map((id) => orderEventWithId(id));
    const recorder = new SseRecorder(`http://127.0.0.1:${port}/api/events?after=0`, ['order.created']);
    try {
      await eventually(() => recorder.received.length === 3, { what: '3 events' });
      app.getHttpServer().closeAllConnections();
      orderApi.stored.push(orderEventWithId(4), orderEventWithId(5));
      await eventually(() => live.subscriberCount === 1 && recorder.received.length === 5, {
        what: 'the reconnect and the events missed meanwhile',
      });
      live.publish(orderEventWithId(6));
      await eventually(() => recorder.received.length === 6, { what: 'a live event after the reconnect' });

      expect(recorder.received.map((event) => [event.lastEventId, event.type, event.data.id])).toEqual(
        idRange(1, 6).map((id) => [String(id), 'order.created', id]),
      );
    } finally {
      recorder.close();
    }
  }, 15_000);
});
