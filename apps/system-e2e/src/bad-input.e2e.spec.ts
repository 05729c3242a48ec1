import { queryRows, SystemUnderTest } from '@mini-commerce/system-harness';
import { anOrder } from '@mini-commerce/testing';

type Service = 'bff' | 'order' | 'payment' | 'worker';

interface BadRequest {
  name: string;
  service: Service;
  method?: 'GET' | 'POST';
  path: string;
  /** A JSON value to send, or a raw string body. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  status: number;
  /** The message must name what is wrong. */
  message: RegExp;
}

const order = (change: Record<string, unknown>) => ({ ...anOrder(), ...change });
const json = { 'content-type': 'application/json' };
const ONE_MEGABYTE = 'x'.repeat(1024 * 1024);
const UNKNOWN_ID = '7d1f7f3e-2b7a-4c59-9d8e-6f1f7c3b2a11';

/** Checkout bodies, sent to both the BFF (/api/orders) and order (/orders). */
const checkoutBodies: Array<[string, unknown, number, RegExp]> = [
  ['missing customerName', order({ customerName: undefined }), 400, /^customerName /],
  ['customerName as a number', order({ customerName: 123 }), 400, /^customerName must be a string/],
  ['customerName null', order({ customerName: null }), 400, /^customerName /],
  ['customerName only spaces', order({ customerName: '    ' }), 400, /^customerName should not be empty/],
  ['customerName of 101 characters', order({ customerName: 'a'.repeat(101) }), 400, /^customerName must be shorter/],
  ['customerName of 101 emoji', order({ customerName: '😀'.repeat(101) }), 400, /^customerName must be shorter/],
  ['customerName as an array', order({ customerName: ['a'] }), 400, /^customerName must be a string/],
  ['customerName as an object', order({ customerName: { first: 'a' } }), 400, /^customerName must be a string/],
  ['a 1 MB customerName', order({ customerName: ONE_MEGABYTE }), 413, /too large/i],
  ['missing productName', order({ productName: undefined }), 400, /^productName /],
  ['productName empty', order({ productName: '' }), 400, /^productName should not be empty/],
  ['productName as a boolean', order({ productName: true }), 400, /^productName must be a string/],
  ['missing quantity', order({ quantity: undefined }), 400, /^quantity /],
  ['quantity 0', order({ quantity: 0 }), 400, /^quantity must not be less than 1/],
  ['quantity -1', order({ quantity: -1 }), 400, /^quantity must not be less than 1/],
  ['quantity 1.5', order({ quantity: 1.5 }), 400, /^quantity must be an integer/],
  ['quantity as text', order({ quantity: '2' }), 400, /^quantity must be an integer/],
  ['quantity 1001', order({ quantity: 1001 }), 400, /^quantity must not be greater than 1000/],
  ['quantity true', order({ quantity: true }), 400, /^quantity must be an integer/],
  ['missing amount', order({ amount: undefined }), 400, /^amount /],
  ['amount 0', order({ amount: 0 }), 400, /^amount must not be less than 1/],
  ['a negative amount', order({ amount: -50_000 }), 400, /^amount must not be less than 1/],
  ['a fractional amount', order({ amount: 10_000.25 }), 400, /^amount must be an integer/],
  ['amount as text', order({ amount: '50000' }), 400, /^amount must be an integer/],
  ['amount past Rp 1.000.000.000', order({ amount: 1_000_000_001 }), 400, /^amount must not be greater than/],
  ['an amount of 1e21', order({ amount: 1e21 }), 400, /^amount must not be greater than/],
  ['amount null', order({ amount: null }), 400, /^amount /],
  ['amount as an array', order({ amount: [50_000] }), 400, /^amount must be an integer/],
  ['an unknown field', order({ coupon: 'FREE' }), 400, /^property coupon should not exist/],
  ['a status chosen by the client', order({ status: 'paid' }), 400, /^property status should not exist/],
  ['an id chosen by the client', order({ id: UNKNOWN_ID }), 400, /^property id should not exist/],
  ['an empty object', {}, 400, /^customerName /],
  ['a JSON array', [anOrder()], 400, /customerName|object/],
];

const checkoutCases: BadRequest[] = checkoutBodies.flatMap(([name, body, status, message]) => [
  { name: `BFF checkout: ${name}`, service: 'bff' as const, method: 'POST' as const, path: '/api/orders', body, status, message },
  { name: `order: ${name}`, service: 'order' as const, method: 'POST' as const, path: '/orders', body, status, message },
]);

const otherCases: BadRequest[] = [
  { name: 'malformed JSON', service: 'bff', method: 'POST', path: '/api/orders', raw: '{"customerName": "Siti",', headers: json, status: 400, message: /JSON/i },
  { name: 'a bare JSON string', service: 'bff', method: 'POST', path: '/api/orders', raw: '"order"', headers: json, status: 400, message: /JSON|customerName/i },
  { name: 'text/plain body', service: 'bff', method: 'POST', path: '/api/orders', raw: JSON.stringify(anOrder()), headers: { 'content-type': 'text/plain' }, status: 400, message: /^customerName / },
  { name: 'form-encoded body', service: 'bff', method: 'POST', path: '/api/orders', raw: 'customerName=Siti&productName=Kopi&quantity=2&amount=50000', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, message: /application\/x-www-form-urlencoded is not supported: send application\/json/ },
  { name: 'an Idempotency-Key of 101 characters', service: 'bff', method: 'POST', path: '/api/orders', body: anOrder(), headers: { 'idempotency-key': 'k'.repeat(101) }, status: 400, message: /^Idempotency-Key must be/ },
  { name: 'an Idempotency-Key with spaces', service: 'order', method: 'POST', path: '/orders', body: anOrder(), headers: { 'idempotency-key': 'two words' }, status: 400, message: /^Idempotency-Key must be/ },
  { name: 'orders limit=0', service: 'bff', path: '/api/orders?limit=0', status: 400, message: /^limit must not be less than 1/ },
  { name: 'orders limit=201', service: 'bff', path: '/api/orders?limit=201', status: 400, message: /^limit must not be greater than 200/ },
  { name: 'orders limit=abc', service: 'bff', path: '/api/orders?limit=abc', status: 400, message: /^limit must be an integer/ },
  { name: 'orders status=shipped', service: 'bff', path: '/api/orders?status=shipped', status: 400, message: /^status must be one of/ },
  { name: 'orders cursor with symbols', service: 'bff', path: '/api/orders?cursor=%27%20OR%201%3D1', status: 400, message: /^cursor must be a cursor/ },
  { name: 'orders cursor that decodes to garbage', service: 'order', path: '/orders?cursor=Z2FyYmFnZQ', status: 400, message: /^cursor must be a cursor/ },
  { name: 'orders with an unknown query parameter', service: 'order', path: '/orders?admin=1', status: 400, message: /^property admin should not exist/ },
  { name: 'order id that is not a UUID', service: 'bff', path: '/api/orders/abc', status: 400, message: /^id must be a UUID/ },
  { name: 'order id with SQL', service: 'bff', path: `/api/orders/${encodeURIComponent("' OR '1'='1")}`, status: 400, message: /^id must be a UUID/ },
  { name: 'order id of 36 non-hex characters', service: 'order', path: `/orders/${'z'.repeat(36)}`, status: 400, message: /^id must be a UUID/ },
  { name: 'an unknown order', service: 'bff', path: `/api/orders/${UNKNOWN_ID}`, status: 404, message: /does not exist/ },
  { name: 'journey of a malformed id', service: 'bff', path: '/api/orders/123/events', status: 400, message: /^id must be a UUID/ },
  { name: 'journey of an unknown order', service: 'order', path: `/orders/${UNKNOWN_ID}/events`, status: 404, message: /does not exist/ },
  { name: 'Last-Event-ID abc', service: 'bff', path: '/api/events', headers: { 'last-event-id': 'abc' }, status: 400, message: /^Last-Event-ID must be/ },
  { name: 'Last-Event-ID -1', service: 'bff', path: '/api/events', headers: { 'last-event-id': '-1' }, status: 400, message: /^Last-Event-ID must be/ },
  { name: 'Last-Event-ID 1.5', service: 'bff', path: '/api/events', headers: { 'last-event-id': '1.5' }, status: 400, message: /^Last-Event-ID must be/ },
  { name: 'Last-Event-ID missing an id above it', service: 'bff', path: '/api/events', headers: { 'last-event-id': '7 except 9' }, status: 400, message: /^Last-Event-ID must be/ },
  { name: 'Last-Event-ID of 20 digits', service: 'bff', path: '/api/events', headers: { 'last-event-id': '9'.repeat(20) }, status: 400, message: /^Last-Event-ID must be/ },
  { name: 'events after=abc', service: 'bff', path: '/api/events?after=abc', status: 400, message: /^after must be an event id/ },
  { name: 'events after=-5', service: 'bff', path: '/api/events?after=-5', status: 400, message: /^after must be an event id/ },
  { name: 'events after=7 except 9', service: 'bff', path: '/api/events?after=7%20except%209', status: 400, message: /^after must be an event id/ },
  { name: 'history limit=0', service: 'order', path: '/events?limit=0', status: 400, message: /^limit must not be less than 1/ },
  { name: 'history limit=1001', service: 'order', path: '/events?limit=1001', status: 400, message: /^limit must not be greater than 1000/ },
  { name: 'history after=1e3x', service: 'order', path: '/events?after=1e3x', status: 400, message: /^after must be an integer/ },
  { name: 'charge with a malformed orderId', service: 'payment', method: 'POST', path: '/payments', body: { orderId: 'abc', amount: 20_000 }, status: 400, message: /^orderId must be a UUID/ },
  { name: 'charge of amount 0', service: 'payment', method: 'POST', path: '/payments', body: { orderId: UNKNOWN_ID, amount: 0 }, status: 400, message: /^amount must not be less than 1/ },
  { name: 'charge with amount as text', service: 'payment', method: 'POST', path: '/payments', body: { orderId: UNKNOWN_ID, amount: '20000' }, status: 400, message: /^amount must be an integer/ },
  { name: 'charge with an unknown field', service: 'payment', method: 'POST', path: '/payments', body: { orderId: UNKNOWN_ID, amount: 20_000, card: '4111' }, status: 400, message: /^property card should not exist/ },
  { name: 'payment of a malformed order id', service: 'payment', path: '/payments/abc', status: 400, message: /^orderId must be a UUID/ },
  { name: 'payment of an order never charged', service: 'payment', path: `/payments/${UNKNOWN_ID}`, status: 404, message: /no payment for order/ },
  { name: 'requeue with orderIds not an array', service: 'worker', method: 'POST', path: '/jobs/dead/requeue', body: { orderIds: UNKNOWN_ID }, status: 400, message: /^orderIds must be an array/ },
  { name: 'requeue with a malformed order id', service: 'worker', method: 'POST', path: '/jobs/dead/requeue', body: { orderIds: ['x'] }, status: 400, message: /^each value in orderIds must be a UUID/ },
  { name: 'requeue of 201 orders', service: 'worker', method: 'POST', path: '/jobs/dead/requeue', body: { orderIds: Array(201).fill(UNKNOWN_ID) }, status: 400, message: /^orderIds must contain no more than 200/ },
  { name: 'a requeue body over 16 kB', service: 'worker', method: 'POST', path: '/jobs/dead/requeue', body: { orderIds: Array(1001).fill(UNKNOWN_ID) }, status: 413, message: /too large/i },
];

describe('bad input: a clear 4xx naming the problem, never a 5xx, nothing stored', () => {
  let system: SystemUnderTest;
  const base: Record<Service, string> = { bff: '', order: '', payment: '', worker: '' };

  beforeAll(async () => {
    system = await SystemUnderTest.start('bad-input', { portBase: 28_000, infrastructure: 'mysql+redis' });
    base.bff = system.bffUrl;
    base.order = system.orderUrl;
    base.payment = system.paymentUrl;
    base.worker = `http://127.0.0.1:${system.env['WORKER_HTTP_PORT']}`;
  });

  afterAll(() => system?.stop());

  it('has a corpus of at least 60 cases', () => {
    expect(checkoutCases.length + otherCases.length).toBeGreaterThanOrEqual(60);
  });

  it.each([...checkoutCases, ...otherCases].map((c) => [c.name, c] as const))('%s', async (_name, request) => {
    const response = await fetch(`${base[request.service]}${request.path}`, {
      method: request.method ?? 'GET',
      headers: { ...(request.body !== undefined ? json : {}), ...request.headers },
      body: request.raw ?? (request.body !== undefined ? JSON.stringify(request.body) : undefined),
    });
    const body = (await response.json()) as { message: string | string[] };
    expect({ status: response.status, message: body.message }).toEqual({
      status: request.status,
      message: expect.anything(),
    });
    expect([body.message].flat().some((message) => request.message.test(message))).toBe(true);
  });

  it('stored no order, job, event or payment for any of them', async () => {
    for (const table of ['orders', 'payment_jobs', 'order_events', 'payments']) {
      expect(await queryRows(system, `SELECT id FROM ${table}`)).toEqual([]);
    }
  });

  it('stores names with SQL, markup and emoji verbatim, as data', async () => {
    const names = ["Robert'); DROP TABLE orders;--", '<script>alert(1)</script>', 'Ibu Sri 👩🏽‍🍳 Kopi ☕'];
    for (const customerName of names) {
      const response = await fetch(`${system.bffUrl}/api/orders`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(anOrder({ customerName })),
      });
      expect(response.status).toBe(201);
    }
    const rows = await queryRows(system, 'SELECT customer_name FROM orders');
    expect(rows.map((row) => row['customer_name']).sort()).toEqual([...names].sort());
  });
});
