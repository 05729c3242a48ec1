import type { Agent } from 'node:http';
import { keepAliveAgent, postJson } from '../generator/http-post';
import { ORDER_BODY } from '../scenarios/context';
import { CeilingServerProcess } from './ceiling-server-process';

/**
 * The floor bounds order only if it does what order's framework does before the
 * service runs: a checkout that order would refuse must be refused here too, with
 * the same message, and one it would take must come back as an order.
 */
// In the bench's port block (30000-30999), outside the range bench-run.e2e.spec.ts uses (30500-30899).
const PORT = 30_960;

describe("Nest's floor server", () => {
  let floor: CeilingServerProcess;
  let agent: Agent;

  beforeAll(async () => {
    floor = await CeilingServerProcess.nestFloor(PORT);
    agent = keepAliveAgent(1);
  }, 60_000);

  afterAll(async () => {
    agent?.destroy();
    await floor?.stop();
  });

  it('answers a checkout with an order carrying the request correlation id', async () => {
    const answer = await postJson(`${floor.url}/orders`, ORDER_BODY, { 'x-correlation-id': 'floor-check-0001' }, agent);

    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({
      ...JSON.parse(ORDER_BODY),
      status: 'pending',
      correlationId: 'floor-check-0001',
    });
  });

  it.each([
    ['an amount that is not an integer', { amount: '5' }, 'amount must be an integer number'],
    ['a field order does not know', { coupon: 'FREE' }, 'property coupon should not exist'],
  ])('refuses %s with the 400 order gives', async (_case, change, message) => {
    const answer = await postJson(
      `${floor.url}/orders`,
      JSON.stringify({ ...JSON.parse(ORDER_BODY), ...change }),
      {},
      agent,
    );

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).message).toEqual([message]);
  });
});
