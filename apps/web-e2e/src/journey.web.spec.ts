import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { OrderEventDto } from '@mini-commerce/contracts';
import type { SystemUnderTest } from '@mini-commerce/system-harness';
import { eventually, getJson, placeOrder } from '@mini-commerce/testing';
import { launchBrowser, openPage, type ProbedPage } from './support/browser';
import { settledJourney } from './support/settled-journey';
import { fillCheckout, markDocument, plain, stillSameDocument, waitForConnection } from './support/pages';
import { pauseWorker, startWebSystem } from './support/web-system';

interface Hop {
  hop: string;
  service: string;
  transport: string;
  time: string;
  delta: string;
  title: string;
  detail: string;
}

/** The route map: each stop's service, whether the order reached it, and its text. */
const routeOn = (page: Page) =>
  page.$$eval('#route .stop', (stops) =>
    stops.map((stop) => [
      (stop as HTMLElement).dataset['service'],
      (stop as HTMLElement).dataset['reached'],
      (stop.querySelector('.stop-link')?.textContent ?? '') +
        '|' +
        (stop.querySelector('.stop-note')?.textContent ?? ''),
    ]),
  );

const hopsOn = (page: Page): Promise<Hop[]> =>
  page.$$eval('#timeline .hop', (items) =>
    items.map((item) => {
      const node = item as HTMLElement;
      const text = (selector: string) => (node.querySelector(selector)?.textContent ?? '').replace(/\u00a0/g, ' ');
      return {
        hop: node.dataset['hop'] ?? '',
        service: node.dataset['service'] ?? '',
        transport: node.dataset['transport'] ?? '',
        time: text('time'),
        delta: (node.querySelector('.hop-delta')?.firstChild?.textContent ?? '').trim(),
        title: text('.hop-title'),
        detail: text('.hop-detail'),
      };
    }),
  );

/** The page's clock format (en-GB, the browser context's Asia/Jakarta time zone). */
const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Jakarta',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
});
const at = (iso: string) => clock.format(new Date(iso));
const took = (from: string, to: string) => {
  const ms = Date.parse(to) - Date.parse(from);
  return ms < 1_000
    ? `+${ms} ms`
    : `+${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(ms / 1_000)} s`;
};

describe('order journey page', () => {
  let system: SystemUnderTest;
  let browser: Browser;
  const pages: ProbedPage[] = [];

  const open = async (path: string) => {
    const probe = await openPage(browser, `${system.bffUrl}${path}`);
    pages.push(probe);
    await waitForConnection(probe.page, 'live');
    return probe;
  };

  beforeAll(async () => {
    [system, browser] = await Promise.all([
      startWebSystem('journey', {
        // Quick retries, and enough of them, for the payment outage below; no circuit breaking on one order.
        JOB_BACKOFF_BASE_MS: '300',
        JOB_BACKOFF_MAX_MS: '1000',
        JOB_MAX_ATTEMPTS: '40',
        PAYMENT_CIRCUIT_MIN_CALLS: '1000',
      }),
      launchBrowser(),
    ]);
  });

  afterEach(async () => {
    for (const probe of pages.splice(0)) {
      expect(probe.dialogs).toEqual([]);
      expect(await probe.cspViolations()).toEqual([]);
      expect(probe.errors).toEqual([]);
      await probe.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('shows every hop of a paid order across the services, with its time and how long it took', async () => {
    const order = await placeOrder(system.bffUrl, { customerName: 'Journey Paid', quantity: 2, amount: 50_000 });
    const [created, processing, paid] = await settledJourney(system.orderUrl, order.id);
    const chargedAt = String(paid.data['chargedAt']);

    const { page } = await open(`/orders/${order.id}`);
    await page.waitForSelector('#timeline .hop[data-hop="paid"]');
    const hops = await hopsOn(page);
    expect(hops.map(({ hop, service, transport }) => [hop, service, transport])).toEqual([
      ['created', 'order', 'http'],
      ['queued', 'queue', 'transaction'],
      ['claimed', 'queue-worker', 'queue'],
      ['charged', 'payment', 'tcp'],
      ['paid', 'queue-worker', 'event'],
    ]);
    expect(hops.map((hop) => hop.title)).toEqual([
      'Created by order',
      'Queued for payment',
      'Claimed by worker-1',
      'Charged by payment',
      'Paid',
    ]);
    expect(hops.map((hop) => hop.time)).toEqual([
      at(created.occurredAt),
      at(created.occurredAt),
      at(processing.occurredAt),
      at(chargedAt),
      at(paid.occurredAt),
    ]);
    expect(hops.map((hop) => hop.delta)).toEqual([
      'start',
      '+0 ms',
      took(created.occurredAt, processing.occurredAt),
      took(processing.occurredAt, chargedAt),
      took(chargedAt, paid.occurredAt),
    ]);
    expect(hops[2].detail).toContain('attempt 1');
    expect(hops[3].detail).toContain(`Payment ${String(paid.data['paymentId']).slice(0, 8)}`);
    // Each hop says how it travelled, in words as well as colour.
    expect(await page.$$eval('#timeline .hop .transport', (chips) => chips.map((chip) => chip.textContent))).toEqual([
      'HTTP',
      'Same transaction',
      'Queue',
      'TCP',
      'Event',
    ]);

    expect(await routeOn(page)).toEqual([
      ['browser', 'true', '|POST /api/orders'],
      ['client-bff', 'true', 'via HTTP|passed on to order'],
      ['order', 'true', 'via HTTP|order stored'],
      ['queue', 'true', 'via Same transaction|job queued'],
      ['queue-worker', 'true', 'via Queue|claimed by worker-1'],
      ['payment', 'true', 'via TCP|charge approved'],
    ]);
    expect(await page.getAttribute('#route-back', 'data-reached')).toBe('true');

    expect(await page.textContent('#order-status')).toBe('Paid');
    expect(await page.textContent('#order-short')).toBe(`#${order.id.slice(0, 8)}`);
    expect(await page.textContent('#fact-customer')).toBe('Journey Paid');
    expect(plain(await page.textContent('#fact-amount'))).toBe('Rp 50.000');
    expect(`+${await page.textContent('#fact-total')}`).toBe(took(created.occurredAt, paid.occurredAt));
    expect(await page.textContent('#fact-correlation')).toBe(order.correlationId);
    const legend = await page.$$eval('#waterfall-legend li', (items) =>
      items.map((item) => (item.textContent ?? '').replace(/\u00a0/g, ' ')),
    );
    expect(legend).toEqual([
      `Waiting in the queue: ${took(created.occurredAt, processing.occurredAt).slice(1)}`,
      `Payment over TCP: ${took(processing.occurredAt, chargedAt).slice(1)}`,
      `Settling: ${took(chargedAt, paid.occurredAt).slice(1)}`,
    ]);
    expect(await page.isHidden('#journey-waiting')).toBe(true);
  });

  it('follows an order live from the checkout page until it is paid', async () => {
    const resumeWorker = await pauseWorker(system);
    const { page } = await open('/');
    await fillCheckout(page, {
      customerName: 'Journey Live',
      productName: 'Kopi Gayo 250 g',
      quantity: '1',
      amount: '35000',
    });
    await page.click('#submit');
    await page.click('#created-journey');
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await waitForConnection(page, 'live');
    await page.waitForSelector('#timeline .hop[data-hop="queued"]');
    await markDocument(page);
    expect(await page.isVisible('#journey-waiting')).toBe(true);
    expect(await page.textContent('#order-status')).toBe('Pending');
    expect(await page.textContent('#fact-total')).toBe('in progress…');
    expect((await routeOn(page)).map(([service, reached]) => `${service}:${reached}`)).toEqual([
      'browser:true',
      'client-bff:true',
      'order:true',
      'queue:true',
      'queue-worker:false',
      'payment:false',
    ]);

    await resumeWorker();
    await page.waitForSelector('#timeline .hop[data-hop="paid"]', { timeout: 20_000 });
    expect((await hopsOn(page)).map((hop) => hop.hop)).toEqual(['created', 'queued', 'claimed', 'charged', 'paid']);
    expect(await page.isHidden('#journey-waiting')).toBe(true);
    expect(await page.textContent('#order-status')).toBe('Paid');
    expect(await stillSameDocument(page)).toBe(true);
  });

  it('shows the decline by payment and the reason for an order under Rp 10.000', async () => {
    const order = await placeOrder(system.bffUrl, { customerName: 'Journey Declined', amount: 9_999 });
    await settledJourney(system.orderUrl, order.id);
    const { page } = await open(`/orders/${order.id}`);
    await page.waitForSelector('#timeline .hop[data-hop="failed"]');
    const hops = await hopsOn(page);
    expect(hops.map((hop) => hop.hop)).toEqual(['created', 'queued', 'claimed', 'declined', 'failed']);
    expect(hops[3].title).toBe('Declined by payment');
    expect((await routeOn(page)).at(-1)).toEqual(['payment', 'true', 'via TCP|charge declined']);
    expect(hops[4].detail).toBe('Reason: amount Rp 9.999 is under the minimum of Rp 10.000');
    expect(await page.textContent('#order-status')).toBe('Failed');
  });

  it('shows the failed attempts and the retry while payment is down, then the charge', async () => {
    const payment = system.service('payment');
    await system.launcher.stop(payment);
    const order = await placeOrder(system.bffUrl, { customerName: 'Journey Retried' });
    await eventually(
      async () => {
        const { body } = await getJson<OrderEventDto[]>(`${system.orderUrl}/orders/${order.id}/events`);
        return body.some((event) => event.type === 'order.payment_retrying');
      },
      { timeoutMs: 20_000, what: 'a failed payment attempt' },
    );
    const { page } = await open(`/orders/${order.id}`);
    await page.waitForSelector('#timeline .hop[data-hop="retrying"]');
    expect(await page.isVisible('#journey-waiting')).toBe(true);

    await system.launcher.start('payment');
    await page.waitForSelector('#timeline .hop[data-hop="paid"]', { timeout: 30_000 });
    const hops = await hopsOn(page);
    const kinds = hops.map((hop) => hop.hop);
    expect(kinds.slice(0, 4)).toEqual(['created', 'queued', 'claimed', 'retrying']);
    expect(kinds.slice(-3)).toEqual(['claimed', 'charged', 'paid']);
    const retry = hops[3];
    expect(retry.title).toBe('Payment attempt 1 failed');
    expect(retry.transport).toBe('tcp');
    expect(retry.detail).toMatch(/next try in \d/);
    const lastClaim = hops.at(-3);
    expect(lastClaim?.detail).toMatch(/attempt [2-9]|attempt \d\d/);
    expect(
      await page.$$eval('#waterfall-legend li', (items) =>
        items.map((item) => (item as HTMLElement).dataset['segment']),
      ),
    ).toContain('retry');
  });

  it('answers 404 for /orders/<not an id> and says when there is no such order', async () => {
    const notAnId = await fetch(`${system.bffUrl}/orders/not-an-id`);
    expect(notAnId.status).toBe(404);

    const page = await fetch(`${system.bffUrl}/orders/${randomUUID()}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

    const missing = randomUUID();
    const probe = await open(`/orders/${missing}`);
    await probe.page.waitForSelector('#journey-error:not([hidden])');
    expect(await probe.page.textContent('#journey-error')).toBe(`There is no order ${missing}.`);
    expect(await probe.page.isHidden('#journey-summary')).toBe(true);
    // The browser logs the 404 of the order lookup; nothing else went wrong.
    expect(probe.errors.every((error) => /status of 404/.test(error))).toBe(true);
    probe.errors.length = 0;
  });
});
