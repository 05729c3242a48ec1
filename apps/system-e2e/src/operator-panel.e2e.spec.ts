import { OrderEventType, type ProviderFaultsDto, type WorkerStatusDto } from '@mini-commerce/contracts';
import { SystemUnderTest } from '@mini-commerce/system-harness';
import { eventually, getJson, placeOrder, SseRecorder } from '@mini-commerce/testing';

async function send<T>(url: string, method: 'PUT' | 'POST', body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe('the operator panel API (OPERATOR_CONTROLS=true)', () => {
  let system: SystemUnderTest;
  let stream: SseRecorder;
  let operator: string;

  beforeAll(async () => {
    system = await SystemUnderTest.start('operator', {
      portBase: 29_000,
      infrastructure: 'mysql+redis',
      env: {
        OPERATOR_CONTROLS: 'true',
        PAYMENT_TIMEOUT_MS: '500',
        JOB_BACKOFF_BASE_MS: '100',
        JOB_BACKOFF_MAX_MS: '400',
        JOB_MAX_ATTEMPTS: '50',
        PAYMENT_CIRCUIT_MIN_CALLS: '1000',
      },
    });
    operator = `${system.bffUrl}/api/operator`;
    stream = new SseRecorder(`${system.bffUrl}/api/events`, Object.values(OrderEventType));
    await stream.waitUntilOpen();
  });

  afterAll(async () => {
    stream?.close();
    await system?.stop();
  });

  it('makes payment slow, and reports the setting back', async () => {
    const updated = await send<ProviderFaultsDto>(`${operator}/payment-faults`, 'PUT', { delayMs: 250 });
    expect(updated).toEqual({ status: 200, body: { delayMs: 250, failurePercent: 0, unreachable: false } });
    expect((await getJson<ProviderFaultsDto>(`${operator}/payment-faults`)).body.delayMs).toBe(250);
    const order = await placeOrder(system.bffUrl);
    await stream.waitFor(order.id, OrderEventType.Paid);
    await send(`${operator}/payment-faults`, 'PUT', { delayMs: 0 });
  });

  it('makes payment flaky: charges fail and are retried until it is healthy again', async () => {
    await send(`${operator}/payment-faults`, 'PUT', { failurePercent: 100 });
    const order = await placeOrder(system.bffUrl);
    const retry = await stream.waitFor(order.id, OrderEventType.PaymentRetrying);
    expect(retry.data.data['error']).toContain('payment provider error (simulated)');
    await send(`${operator}/payment-faults`, 'PUT', { failurePercent: 0 });
    await stream.waitFor(order.id, OrderEventType.Paid);
  });

  it('makes payment unreachable: charges time out and are retried', async () => {
    await send(`${operator}/payment-faults`, 'PUT', { unreachable: true });
    const order = await placeOrder(system.bffUrl);
    const retry = await stream.waitFor(order.id, OrderEventType.PaymentRetrying);
    expect(retry.data.data['error']).toMatch(/timeout/i);
    await send(`${operator}/payment-faults`, 'PUT', { unreachable: false });
    await stream.waitFor(order.id, OrderEventType.Paid);
  });

  it('pauses the worker: orders wait in the queue until it resumes', async () => {
    const paused = await send<WorkerStatusDto>(`${operator}/worker/pause`, 'POST');
    expect(paused.body).toMatchObject({ paused: true, paymentCircuit: 'closed' });
    const order = await placeOrder(system.bffUrl);
    await eventually(async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${system.env['WORKER_HTTP_PORT']}/metrics`)).text();
      return /^mini_commerce_queue_depth\{[^}]*\} 1$/m.test(metrics);
    }, { what: 'the queue depth to show the waiting job' });
    expect(stream.eventsFor(order.id).map((event) => event.type)).toEqual([OrderEventType.Created]);

    expect((await send<WorkerStatusDto>(`${operator}/worker/resume`, 'POST')).body.paused).toBe(false);
    await stream.waitFor(order.id, OrderEventType.Paid);
  });

  it('rejects an impossible setting with a 400 naming the field', async () => {
    const response = await send<{ message: string[] }>(`${operator}/payment-faults`, 'PUT', { failurePercent: 101 });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('failurePercent must not be greater than 100');
  });

  it('documents every control in Swagger', async () => {
    const { body } = await getJson<{ paths: Record<string, unknown> }>(`${system.bffUrl}/docs-json`);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/operator/payment-faults',
        '/api/operator/worker',
        '/api/operator/worker/pause',
        '/api/operator/worker/resume',
      ]),
    );
  });
});
