import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpException, ServiceUnavailableException } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import { OrderStatus } from '@mini-commerce/contracts';
import { orderEventWithId } from '@mini-commerce/testing';
import { OrderApiClient } from './order-api.client';
import { OrderApiModule } from './order-api.module';

interface Received {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const TIMEOUT_MS = 300;
const checkout = { customerName: 'Budi', productName: 'Kopi', quantity: 2, amount: 50_000 };
const order = { id: '3f0c1b9e-6c3a-4c53-9a57-0b8f4f1d2a10', ...checkout, status: OrderStatus.Pending };

/** OrderApiClient as the BFF builds it (OrderApiModule), against a fake order service on a real port. */
describe('OrderApiClient', () => {
  let server: Server;
  let orderUrl: string;
  let received: Received[];
  let answer: (response: ServerResponse) => void;
  let client: OrderApiClient;

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => (response: ServerResponse) =>
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ method: request.method, url: request.url, headers: request.headers, body });
        answer(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    orderUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const modules: TestingModule[] = [];
  afterEach(async () => {
    await Promise.all(modules.splice(0).map((moduleRef) => moduleRef.close()));
  });

  async function clientFor(url: string): Promise<OrderApiClient> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ ORDER_URL: url, ORDER_TIMEOUT_MS: TIMEOUT_MS })],
        }),
        OrderApiModule,
      ],
    }).compile();
    modules.push(moduleRef);
    return moduleRef.get(OrderApiClient);
  }

  beforeEach(async () => {
    received = [];
    answer = json(200, {});
    client = await clientFor(orderUrl);
  });

  /** The HttpException the call failed with. */
  async function failureOf(call: Promise<unknown>): Promise<HttpException> {
    const error = await call.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(HttpException);
    return error as HttpException;
  }

  it('reuses its connections to order instead of opening one per call', async () => {
    const connections = jest.fn();
    server.on('connection', connections);
    answer = json(200, order);

    for (let call = 0; call < 10; call++) await client.getOrder(order.id, 'corr-1234');

    server.off('connection', connections);
    expect(connections.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it("checks out with the caller's correlation id and Idempotency-Key, and reports a replay", async () => {
    answer = json(200, order, { 'idempotent-replayed': 'true' });
    const result = await client.createOrder(checkout, 'corr-12345678', 'key-1');

    expect(result).toEqual({ order, replayed: true });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/orders' });
    expect(JSON.parse(received[0].body)).toEqual(checkout);
    expect(received[0].headers).toMatchObject({ 'x-correlation-id': 'corr-12345678', 'idempotency-key': 'key-1' });
  });

  it('sends no Idempotency-Key when the browser sent none, and a new order is not a replay', async () => {
    answer = json(201, order);
    expect(await client.createOrder(checkout, 'corr-12345678')).toEqual({ order, replayed: false });
    expect(received[0].headers['idempotency-key']).toBeUndefined();
  });

  it('forwards reads with their query and correlation id, and returns the body', async () => {
    const page = { items: [order], nextCursor: null };
    answer = json(200, page);

    expect(await client.listOrders({ status: OrderStatus.Paid, limit: 5 }, 'corr-abcdefgh')).toEqual(page);
    expect(received[0]).toMatchObject({ method: 'GET', url: '/orders?status=paid&limit=5' });
    expect(received[0].headers['x-correlation-id']).toBe('corr-abcdefgh');

    answer = json(200, order);
    await client.getOrder('a/b', 'corr-abcdefgh');
    expect(received[1].url).toBe('/orders/a%2Fb');
  });

  it('reads event history without a correlation id', async () => {
    const events = [orderEventWithId(3)];
    answer = json(200, events);

    expect(await client.events(2, 1_000)).toEqual(events);
    expect(await client.events(undefined, 50)).toEqual(events);
    expect(received.map((request) => request.url)).toEqual(['/events?after=2&limit=1000', '/events?limit=50']);
    expect(received[0].headers['x-correlation-id']).toBeUndefined();
  });

  it.each([400, 404, 409, 500])("passes order's %i answer through unchanged", async (status) => {
    const body = { statusCode: status, message: ['quantity must not be less than 1'], error: 'Whatever' };
    answer = json(status, body);

    const error = await failureOf(client.getOrder(order.id, 'corr-12345678'));

    expect(error.getStatus()).toBe(status);
    expect(error.getResponse()).toEqual(body);
  });

  it('answers 503 when order cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await clientFor(url);

    const error = await failureOf(unreachable.listOrders({ limit: 50 }, 'corr-12345678'));

    expect(error).toBeInstanceOf(ServiceUnavailableException);
    expect(error.getResponse()).toMatchObject({
      statusCode: 503,
      message: 'the order service is unavailable; try again shortly',
    });
  });

  it('answers 503 when what answers is not order (no JSON)', async () => {
    answer = (response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>proxy error</h1>');

    const error = await failureOf(client.getOrder(order.id, 'corr-12345678'));

    expect(error).toBeInstanceOf(ServiceUnavailableException);
  });

  it('answers 503 when order does not answer within ORDER_TIMEOUT_MS', async () => {
    answer = () => undefined; // never answers
    const started = Date.now();

    const error = await failureOf(client.getOrder(order.id, 'corr-12345678'));

    expect(error).toBeInstanceOf(ServiceUnavailableException);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2_000);
  });
});
