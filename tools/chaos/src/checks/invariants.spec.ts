import { OrderEventType } from '@mini-commerce/contracts';
import { sseKey, type ChaosHistory, type EventRow } from './history';
import { checkInvariants, countViolations } from './invariants';

const PAID_ORDER = '11111111-1111-4111-8111-111111111111';
const DECLINED_ORDER = '22222222-2222-4222-8222-222222222222';

/** Two orders through the whole pipeline: one paid after a retry and a worker crash, one declined (Rp 5.000). */
function validHistory(): ChaosHistory {
  const events: EventRow[] = [
    { id: 1, orderId: PAID_ORDER, type: OrderEventType.Created, data: { amount: 50_000 } },
    { id: 2, orderId: DECLINED_ORDER, type: OrderEventType.Created, data: { amount: 5_000 } },
    { id: 3, orderId: PAID_ORDER, type: OrderEventType.Processing, data: { workerId: 'worker-1', attempt: 1 } },
    { id: 4, orderId: PAID_ORDER, type: OrderEventType.PaymentRetrying, data: { attempt: 1, retryInMs: 150 } },
    { id: 5, orderId: DECLINED_ORDER, type: OrderEventType.Processing, data: { workerId: 'worker-2', attempt: 1 } },
    { id: 6, orderId: PAID_ORDER, type: OrderEventType.Processing, data: { workerId: 'worker-1', attempt: 2 } },
    // worker-1 was SIGKILLed here; worker-2 took the job over when the lease ended.
    { id: 7, orderId: PAID_ORDER, type: OrderEventType.Processing, data: { workerId: 'worker-2', attempt: 3 } },
    { id: 8, orderId: DECLINED_ORDER, type: OrderEventType.Failed, data: { paymentId: 'pay-2', reason: 'under the minimum' } },
    { id: 9, orderId: PAID_ORDER, type: OrderEventType.Paid, data: { paymentId: 'pay-1' } },
  ];
  const everyEvent = new Set(events.map((event) => sseKey(event.orderId, event.id)));
  return {
    client: [
      { idempotencyKey: 'key-1', phase: 'worker SIGKILL', amount: 50_000, outcome: 'accepted', orderId: PAID_ORDER, attempts: 1 },
      { idempotencyKey: 'key-2', phase: 'worker SIGKILL', amount: 5_000, outcome: 'accepted', orderId: DECLINED_ORDER, attempts: 2 },
    ],
    orders: [
      { id: PAID_ORDER, status: 'paid', amount: 50_000, idempotencyKey: 'key-1', correlationId: 'c-1' },
      { id: DECLINED_ORDER, status: 'failed', amount: 5_000, idempotencyKey: 'key-2', correlationId: 'c-2' },
    ],
    events,
    payments: [
      { id: 'pay-1', orderId: PAID_ORDER, status: 'approved', amount: 50_000 },
      { id: 'pay-2', orderId: DECLINED_ORDER, status: 'declined', amount: 5_000 },
    ],
    jobs: [
      { orderId: PAID_ORDER, status: 'done', attempts: 3, lockedBy: null, lastError: null },
      { orderId: DECLINED_ORDER, status: 'done', attempts: 1, lockedBy: null, lastError: null },
    ],
    sse: [
      { name: 'browser-1', received: everyEvent },
      { name: 'browser-2', received: everyEvent },
    ],
  };
}

describe('checkInvariants', () => {
  it('passes a valid history: retries, a taken-over job and a declined order are all fine', () => {
    expect(checkInvariants(validHistory())).toEqual([]);
  });

  it('passes a failed order that an operator requeued and that was then paid', () => {
    const history = validHistory();
    const requeued: EventRow[] = [
      { id: 10, orderId: DECLINED_ORDER, type: OrderEventType.PaymentRequeued, data: {} },
      { id: 11, orderId: DECLINED_ORDER, type: OrderEventType.Processing, data: {} },
      { id: 12, orderId: DECLINED_ORDER, type: OrderEventType.Paid, data: { paymentId: 'pay-2' } },
    ];
    history.events = [...history.events, ...requeued];
    history.orders = history.orders.map((order) => (order.id === DECLINED_ORDER ? { ...order, status: 'paid' } : order));
    history.payments = history.payments.map((p) => (p.orderId === DECLINED_ORDER ? { ...p, status: 'approved' } : p));
    history.sse = [{ name: 'browser-1', received: new Set(history.events.map((e) => sseKey(e.orderId, e.id))) }];

    expect(checkInvariants(history)).toEqual([]);
  });

  it('flags two terminal events as a double charge, naming both', () => {
    const history = validHistory();
    history.events = [...history.events, { id: 10, orderId: PAID_ORDER, type: OrderEventType.Paid, data: { paymentId: 'pay-1' } }];

    const violations = checkInvariants(history);

    expect(violations).toContainEqual({
      kind: 'double-charged',
      phase: 'worker SIGKILL',
      orderId: PAID_ORDER,
      message: `order ${PAID_ORDER}: 2 terminal events: order.paid #9, order.paid #10`,
    });
    expect(countViolations(violations)).toMatchObject({ doubleCharged: 1, lost: 0, stuck: 0 });
  });

  it('flags two payments for one order as a double charge', () => {
    const history = validHistory();
    history.payments = [...history.payments, { id: 'pay-3', orderId: PAID_ORDER, status: 'approved', amount: 50_000 }];

    expect(checkInvariants(history)).toContainEqual(
      expect.objectContaining({
        kind: 'double-charged',
        message: `order ${PAID_ORDER}: 2 payments: pay-1 (approved), pay-3 (approved)`,
      }),
    );
  });

  it('flags a paid order with no payment', () => {
    const history = validHistory();
    history.payments = history.payments.filter((payment) => payment.orderId !== PAID_ORDER);

    expect(checkInvariants(history)).toEqual([
      {
        kind: 'payment-mismatch',
        phase: 'worker SIGKILL',
        orderId: PAID_ORDER,
        message: `order ${PAID_ORDER}: is paid but has no approved payment (no payment at all)`,
      },
    ]);
  });

  it('flags a failed order that was charged anyway', () => {
    const history = validHistory();
    history.payments = history.payments.map((p) => (p.orderId === DECLINED_ORDER ? { ...p, status: 'approved' } : p));

    expect(checkInvariants(history)).toEqual([
      expect.objectContaining({ kind: 'payment-mismatch', message: `order ${DECLINED_ORDER}: is failed but was charged: approved payment pay-2` }),
    ]);
  });

  it('flags a stuck order with its job state, and nothing else about it', () => {
    const history = validHistory();
    history.orders = history.orders.map((order) => (order.id === PAID_ORDER ? { ...order, status: 'processing' } : order));
    history.events = history.events.filter((event) => !(event.orderId === PAID_ORDER && event.id === 9));
    history.payments = history.payments.filter((payment) => payment.orderId !== PAID_ORDER);
    history.jobs = history.jobs.map((job) =>
      job.orderId === PAID_ORDER ? { ...job, status: 'running', lockedBy: 'worker-1', lastError: 'timeout' } : job,
    );

    expect(checkInvariants(history)).toEqual([
      {
        kind: 'stuck',
        phase: 'worker SIGKILL',
        orderId: PAID_ORDER,
        message: `order ${PAID_ORDER}: still processing (job running after 3 attempt(s), leased to worker-1, last error "timeout")`,
      },
    ]);
  });

  it('flags an order answered 201 that is not in the orders table as lost', () => {
    const history = validHistory();
    history.orders = history.orders.filter((order) => order.id !== PAID_ORDER);
    history.events = history.events.filter((event) => event.orderId !== PAID_ORDER);
    history.payments = history.payments.filter((payment) => payment.orderId !== PAID_ORDER);

    expect(checkInvariants(history)).toEqual([
      {
        kind: 'lost',
        phase: 'worker SIGKILL',
        orderId: PAID_ORDER,
        message: `order ${PAID_ORDER} (Idempotency-Key key-1) was answered 201 but is not in the orders table`,
      },
    ]);
  });

  it('flags events out of order: a terminal event that is not last', () => {
    const history = validHistory();
    history.events = [...history.events, { id: 10, orderId: PAID_ORDER, type: OrderEventType.Processing, data: {} }];

    const messages = checkInvariants(history).map((violation) => violation.message);

    expect(messages).toContain(
      `order ${PAID_ORDER}: order.processing #10 after the terminal event (order.created #1, order.processing #3, ` +
        'order.payment_retrying #4, order.processing #6, order.processing #7, order.paid #9, order.processing #10)',
    );
    expect(messages).toContain(`order ${PAID_ORDER}: is paid but its last event is order.processing #10 (order.created #1, ` +
      'order.processing #3, order.payment_retrying #4, order.processing #6, order.processing #7, order.paid #9, order.processing #10)');
  });

  it('flags a history that does not start with order.created', () => {
    const history = validHistory();
    history.events = history.events.filter((event) => event.id !== 1);

    expect(checkInvariants(history)).toContainEqual(
      expect.objectContaining({ kind: 'invalid-history', message: expect.stringContaining('first event is order.processing #3, not order.created') }),
    );
  });

  it('flags a browser that missed a terminal event, even if another system had an event with that id', () => {
    const history = validHistory();
    const received = new Set(history.events.filter((event) => event.id !== 9).map((e) => sseKey(e.orderId, e.id)));
    received.add(sseKey('some-other-systems-order', 9));
    history.sse = [history.sse[0], { name: 'browser-2', received }];

    expect(checkInvariants(history)).toEqual([
      {
        kind: 'sse-missed',
        phase: 'worker SIGKILL',
        orderId: PAID_ORDER,
        message: `order ${PAID_ORDER}: browser-2 never received order.paid #9`,
      },
    ]);
  });

  it('reports a checkout the client gave up on, with its last error', () => {
    const history = validHistory();
    history.client = [
      ...history.client,
      { idempotencyKey: 'key-3', phase: 'MariaDB restarted', amount: 20_000, outcome: 'abandoned', attempts: 40, lastError: 'HTTP 503' },
    ];

    expect(checkInvariants(history)).toEqual([
      {
        kind: 'not-accepted',
        phase: 'MariaDB restarted',
        message: 'checkout with Idempotency-Key key-3 was given up after 40 attempt(s): HTTP 503',
      },
    ]);
  });

  it('counts distinct orders per column, not findings', () => {
    const history = validHistory();
    history.events = [...history.events, { id: 10, orderId: PAID_ORDER, type: OrderEventType.Paid, data: {} }];
    history.payments = [...history.payments, { id: 'pay-3', orderId: PAID_ORDER, status: 'approved', amount: 50_000 }];

    expect(countViolations(checkInvariants(history))).toEqual({ lost: 0, doubleCharged: 1, stuck: 0, other: 1, sseMissed: 1 });
  });
});
