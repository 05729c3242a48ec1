import type { Browser } from 'playwright-core';
import type { OrderEventDto } from '@mini-commerce/contracts';
import type { SystemUnderTest } from '@mini-commerce/system-harness';
import { getJson, placeOrder } from '@mini-commerce/testing';
import { launchBrowser, openPage, unexpectedErrors, type ProbedPage } from './support/browser';
import { settledJourney } from './support/settled-journey';
import {
  fillCheckout,
  logRows,
  markDocument,
  placedOrderId,
  plain,
  stillSameDocument,
  waitForConnection,
  waitForLogRow,
  type LogRow,
} from './support/pages';
import { crashBff, pauseWorker, startBff, startWebSystem, storedEventIds } from './support/web-system';

/** Line colours of the log rows (styles.css): the outcome at a glance, next to the icon and type. */
const GREEN = 'rgb(34, 197, 94)';
const RED = 'rgb(239, 68, 68)';
const VIOLET = 'rgb(139, 92, 246)';
const BLUE = 'rgb(59, 130, 246)';

/** Every id the log shows is there once, newest first, and every stored event since the oldest row is shown. */
async function expectCompleteLog(system: SystemUnderTest, rows: LogRow[]): Promise<void> {
  const ids = rows.map((row) => row.eventId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
  const stored = await storedEventIds(system, Math.min(...ids));
  expect(stored.filter((id) => !ids.includes(id))).toEqual([]);
}

describe('live event log', () => {
  let system: SystemUnderTest;
  let browser: Browser;
  const pages: ProbedPage[] = [];

  const open = async (path = '/') => {
    const probe = await openPage(browser, `${system.bffUrl}${path}`);
    pages.push(probe);
    await waitForConnection(probe.page, 'live');
    return probe;
  };

  beforeAll(async () => {
    [system, browser] = await Promise.all([startWebSystem('event_log'), launchBrowser()]);
  });

  afterEach(async () => {
    for (const probe of pages.splice(0)) {
      expect(probe.dialogs).toEqual([]);
      expect(await probe.cspViolations()).toEqual([]);
      expect(unexpectedErrors(probe.errors)).toEqual([]);
      await probe.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('shows every new event without a reload, newest first, with time, order, type, message and outcome colour', async () => {
    const { page } = await open();
    await markDocument(page);
    const paid = await placeOrder(system.bffUrl, { customerName: 'Log Paid', quantity: 3, amount: 75_000 });
    const failed = await placeOrder(system.bffUrl, { customerName: 'Log Declined', amount: 5_000 });
    await waitForLogRow(page, paid.id, 'order.paid');
    await waitForLogRow(page, failed.id, 'order.failed');

    const rows = await logRows(page);
    const ids = rows.map((row) => row.eventId);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const mine = rows.filter((row) => row.orderId === paid.id);
    expect(mine.map((row) => [row.type, row.outcome, row.borderColour])).toEqual([
      ['order.paid', 'ok', GREEN],
      ['order.processing', 'progress', VIOLET],
      ['order.created', 'info', BLUE],
    ]);
    for (const row of mine) {
      expect(row.time).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      expect(row.order).toBe(paid.id.slice(0, 8));
      expect(row.orderHref).toBe(`/orders/${paid.id}`);
      expect(row.typeText).toBe(row.type);
    }
    expect(plain(mine[2].message)).toBe('Order placed by Log Paid: 3× Kopi Gayo 250 g, Rp 75.000');
    const declined = rows.find((row) => row.orderId === failed.id && row.type === 'order.failed');
    expect(declined).toMatchObject({ outcome: 'bad', borderColour: RED });
    expect(plain(declined?.message)).toBe('Failed: amount Rp 5.000 is under the minimum of Rp 10.000');
    expect(await stillSameDocument(page)).toBe(true);
  });

  it('has every event exactly once after a reload in the middle of a checkout, with no gap', async () => {
    const { page } = await open();
    const resumeWorker = await pauseWorker(system);
    await fillCheckout(page, {
      customerName: 'Reload Midway',
      productName: 'Sambal Roa',
      quantity: '1',
      amount: '45000',
    });
    await page.click('#submit');
    const orderId = await placedOrderId(page);
    await waitForLogRow(page, orderId, 'order.created');

    await page.reload();
    await waitForConnection(page, 'live');
    // The "your order" card comes back, still pending, and keeps following the order.
    await page.waitForSelector('#created-status[data-status="pending"]');
    await resumeWorker();
    await waitForLogRow(page, orderId, 'order.paid');
    await page.waitForSelector('#created-status[data-status="paid"]');

    const rows = await logRows(page);
    expect(rows.filter((row) => row.orderId === orderId).map((row) => row.type)).toEqual([
      'order.paid',
      'order.processing',
      'order.created',
    ]);
    await expectCompleteLog(system, rows);

    // A second reload, with nothing in flight, shows the same rows again: nothing lost, nothing twice.
    await page.reload();
    await waitForConnection(page, 'live');
    await waitForLogRow(page, orderId, 'order.paid');
    expect((await logRows(page)).map((row) => row.eventId)).toEqual(rows.map((row) => row.eventId));
  });

  it('shows "reconnecting" while the BFF is gone, then restores every missed event once', async () => {
    const { page } = await open();
    const seen = await placeOrder(system.bffUrl, { customerName: 'Before Outage' });
    await waitForLogRow(page, seen.id, 'order.paid');

    await crashBff(system);
    await waitForConnection(page, 'reconnecting');
    expect(plain(await page.textContent('#connection'))).toBe('Reconnecting…');
    // The shop keeps working behind the BFF: two orders go all the way while this page is cut off.
    const missed = [
      await placeOrder(system.orderUrl, { customerName: 'During Outage 1' }, '/orders'),
      await placeOrder(system.orderUrl, { customerName: 'During Outage 2', amount: 2_000 }, '/orders'),
    ];
    const journeys = await Promise.all(
      missed.map((order) => settledJourney(system.orderUrl, order.id).then(() => order)),
    );
    expect(journeys).toHaveLength(2);

    await startBff(system);
    await waitForConnection(page, 'live', 30_000);
    expect(plain(await page.textContent('#connection'))).toBe('Live');
    await waitForLogRow(page, missed[0].id, 'order.paid');
    await waitForLogRow(page, missed[1].id, 'order.failed');

    const rows = await logRows(page);
    for (const order of missed) {
      const { body: journey } = await getJson<OrderEventDto[]>(`${system.orderUrl}/orders/${order.id}/events`);
      const shown = rows.filter((row) => row.orderId === order.id).map((row) => row.eventId);
      expect(shown).toEqual(journey.map((event) => event.id).reverse());
    }
    await expectCompleteLog(system, rows);
  });

  it('resumes by itself from the last SSE id, lower ids still missing included, once the browser gives up', async () => {
    const order = await placeOrder(system.bffUrl, { customerName: 'Late Commit' });
    const [created, processing, paid] = await settledJourney(system.orderUrl, order.id);
    const probe = await open();
    const { page } = probe;
    // After a reload the page's first stream is as if `created` and `processing` had committed
    // after `paid`: it sends `paid` with an id that names them as missing, and ends; the
    // browser's reconnect is answered 503, so EventSource gives up and the page reconnects by itself.
    const resumeId = `${paid.id} except ${created.id}-${processing.id}`;
    const asked: string[] = [];
    await page.route('**/api/events**', async (route) => {
      asked.push(route.request().url());
      if (asked.length === 1) {
        await route.fulfill({
          status: 200,
          contentType: 'text/event-stream',
          body: `retry: 100\nid: ${resumeId}\nevent: ${paid.type}\ndata: ${JSON.stringify(paid)}\n\n`,
        });
      } else if (asked.length === 2) {
        await route.fulfill({ status: 503, contentType: 'application/json', body: '{"statusCode":503}' });
      } else {
        await route.continue();
      }
    });
    await page.reload();

    await waitForLogRow(page, order.id, 'order.created');
    await waitForLogRow(page, order.id, 'order.processing');
    expect(new URL(asked[2]).searchParams.get('after')).toBe(resumeId);
    const shown = (await logRows(page)).filter((row) => row.orderId === order.id).map((row) => row.eventId);
    expect(shown).toEqual([paid.id, processing.id, created.id]);
    // The 503 that made the browser give up is the one error the page logged.
    const gaveUp = probe.errors.filter((error) => error.includes('status of 503'));
    expect(gaveUp).toHaveLength(1);
    probe.errors.splice(probe.errors.indexOf(gaveUp[0]), 1);
  });

  it('shows a customer name with markup as text everywhere and runs nothing', async () => {
    const name = '<img src=x onerror=alert(1)>';
    const product = '<script>alert("product")</script><b>bold</b>';
    const checkout = await open();
    await fillCheckout(checkout.page, { customerName: name, productName: product, quantity: '1', amount: '20000' });
    await checkout.page.click('#submit');
    const orderId = await placedOrderId(checkout.page);
    await waitForLogRow(checkout.page, orderId, 'order.paid');

    const created = (await logRows(checkout.page)).find(
      (row) => row.orderId === orderId && row.type === 'order.created',
    );
    expect(plain(created?.message)).toBe(`Order placed by ${name}: 1× ${product}, Rp 20.000`);
    expect(plain(await checkout.page.textContent('#created-detail'))).toBe(`${name} · 1× ${product} · Rp 20.000`);

    const orders = await open('/orders');
    await orders.page.waitForSelector(`tr[data-order-id="${orderId}"]`);
    expect(await orders.page.textContent(`tr[data-order-id="${orderId}"] td:nth-child(3)`)).toBe(name);
    expect(await orders.page.textContent(`tr[data-order-id="${orderId}"] td:nth-child(4)`)).toBe(product);

    const journey = await open(`/orders/${orderId}`);
    await journey.page.waitForSelector('#timeline .hop[data-hop="paid"]');
    expect(await journey.page.textContent('#fact-customer')).toBe(name);

    for (const { page } of [checkout, orders, journey]) {
      // Nothing was parsed as markup: no element came out of the data, and no handler ran (no dialog, no CSP report).
      expect(await page.$$eval('main img, main script, main b', (nodes) => nodes.length)).toBe(0);
      expect(await page.evaluate(() => document.scripts.length)).toBe(1);
    }
  });
});
