import Redis from 'ioredis';
import { Agent } from 'node:http';
import { eventually, TEST_MYSQL_SERVER_URL, TEST_REDIS_URL } from '@mini-commerce/testing';
import { keepAliveAgent, postJson } from '../generator/http-post';
import { ORDER_BODY } from '../scenarios/context';
import { BenchDatabase } from '../system/bench-database';
import { bareChannel, CeilingServerProcess } from './ceiling-server-process';
import type { BareEvent, BareOrder } from './order-transaction';

/**
 * The ceiling must do the work order does for a checkout, or it bounds nothing:
 * commit the order and publish its order.created as order's publisher does, a group's
 * events as one Nest-style `{ pattern, data: event[] }` message. Real MariaDB (order's
 * migrations, from the built apps) and real Redis.
 */
// In the bench's port block (30000-30999), outside the range bench-run.e2e.spec.ts uses (30500-30899).
const PORT = 30_950;
const CHECKOUTS = 6;

describe('the bare ceiling server', () => {
  let database: BenchDatabase;
  let bare: CeilingServerProcess;
  let subscriber: Redis;
  let agent: Agent;
  const messages: Array<{ pattern: string; data: BareEvent[] }> = [];

  beforeAll(async () => {
    database = await BenchDatabase.create(TEST_MYSQL_SERVER_URL);
    await database.migrate();
    bare = await CeilingServerProcess.bare({ port: PORT, databaseUrl: database.url, redisUrl: TEST_REDIS_URL });
    subscriber = new Redis(TEST_REDIS_URL);
    subscriber.on('message', (_channel: string, message: string) => messages.push(JSON.parse(message)));
    await subscriber.subscribe(bareChannel(PORT));
    agent = keepAliveAgent(CHECKOUTS);
  }, 60_000);

  afterAll(async () => {
    agent?.destroy();
    subscriber?.disconnect();
    await bare?.stop();
    await database?.drop();
  });

  it('publishes the order.created of every checkout it accepted, as order does', async () => {
    const answers = await Promise.all(Array.from({ length: CHECKOUTS }, () => postJson(`${bare.url}/orders`, ORDER_BODY, {}, agent)));
    expect(answers.map(({ status }) => status)).toEqual(Array(CHECKOUTS).fill(201));
    const orderIds = answers.map(({ body }) => (JSON.parse(body) as BareOrder).id);

    const events = await eventually(
      () => {
        const published = messages.flatMap((message) => message.data);
        return published.length >= CHECKOUTS && published;
      },
      { timeoutMs: 5_000, what: `${CHECKOUTS} events on ${bareChannel(PORT)}` },
    );

    for (const message of messages) expect(message.pattern).toBe(bareChannel(PORT));
    expect(events.map((event) => event.type)).toEqual(Array(CHECKOUTS).fill('order.created'));
    expect(events.map((event) => event.orderId).sort()).toEqual([...orderIds].sort());
    expect((await database.counts()).orders).toBe(CHECKOUTS);
  });
});
