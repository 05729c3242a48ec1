import type { Browser, Page } from 'playwright-core';
import { queryRows, type SystemUnderTest } from '@mini-commerce/system-harness';
import { eventually, placeOrder } from '@mini-commerce/testing';
import { launchBrowser, openPage, type ProbedPage } from './support/browser';
import { settledJourney } from './support/settled-journey';
import { markDocument, plain, stillSameDocument, waitForConnection } from './support/pages';
import { pauseWorker, startWebSystem } from './support/web-system';

/** Order ids as the table lists them, top to bottom. */
const tableIds = (page: Page) =>
  page.$$eval('#orders tr', (rows) => rows.map((row) => (row as HTMLElement).dataset['orderId'] ?? ''));
const tableStatuses = (page: Page) =>
  page.$$eval('#orders tr', (rows) => rows.map((row) => (row as HTMLElement).dataset['status'] ?? ''));

async function storedIds(system: SystemUnderTest, status?: string): Promise<string[]> {
  const where = status ? 'WHERE status = ?' : '';
  const rows = await queryRows(
    system,
    `SELECT id FROM orders ${where} ORDER BY created_at DESC, id DESC`,
    status ? [status] : [],
  );
  return rows.map((row) => String(row['id']));
}

async function waitForLoaded(page: Page): Promise<void> {
  await page.waitForSelector('#orders-loading', { state: 'hidden' });
}

describe('orders page', () => {
  let system: SystemUnderTest;
  let browser: Browser;
  const pages: ProbedPage[] = [];

  const open = async (path: string) => {
    const probe = await openPage(browser, `${system.bffUrl}${path}`);
    pages.push(probe);
    await waitForConnection(probe.page, 'live');
    await waitForLoaded(probe.page);
    return probe;
  };

  beforeAll(async () => {
    [system, browser] = await Promise.all([startWebSystem('orders'), launchBrowser()]);
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

  it('adds a new order at the top and changes its status badge live, without a reload', async () => {
    await placeOrder(system.bffUrl, { customerName: 'Older Order' });
    const { page } = await open('/orders');
    await markDocument(page);
    const resumeWorker = await pauseWorker(system);
    // Record every status each row shows, as it changes: from the mutation records, since
    // two events that arrive in one chunk change a badge twice before an observer runs.
    await page.evaluate(() => {
      const history: Record<string, string[]> = {};
      (window as unknown as { statuses: Record<string, string[]> }).statuses = history;
      const note = (row: HTMLElement, status: string) => {
        const seen = (history[row.dataset['orderId'] ?? ''] ??= []);
        if (seen.at(-1) !== status) seen.push(status);
      };
      new MutationObserver((records) => {
        for (const record of records) {
          if (record.attributeName === 'data-status') note(record.target as HTMLElement, record.oldValue ?? '');
        }
        for (const row of document.querySelectorAll<HTMLElement>('#orders tr')) note(row, row.dataset['status'] ?? '');
      }).observe(document.getElementById('orders') as HTMLElement, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeOldValue: true,
      });
    });

    const order = await placeOrder(system.bffUrl, { customerName: 'Live Badge', quantity: 3, amount: 120_000 });
    const row = `#orders tr[data-order-id="${order.id}"]`;
    await page.waitForSelector(`${row}[data-status="pending"]`);
    expect((await tableIds(page))[0]).toBe(order.id);
    const cells = await page.$$eval(`${row} td`, (tds) => tds.map((td) => td.textContent ?? ''));
    expect(cells.map(plain)).toEqual([
      expect.stringMatching(/^\d{2}:\d{2}:\d{2}$/),
      `#${order.id.slice(0, 8)}`,
      'Live Badge',
      'Kopi Gayo 250 g',
      '3',
      'Rp 120.000',
      'Pending',
    ]);
    expect(await page.getAttribute(`${row} a`, 'href')).toBe(`/orders/${order.id}`);

    await resumeWorker();
    await page.waitForSelector(`${row}[data-status="paid"]`, { timeout: 20_000 });
    expect(await page.textContent(`${row} .badge`)).toBe('Paid');
    const statuses = await page.evaluate(
      (id) => (window as unknown as { statuses: Record<string, string[]> }).statuses[id],
      order.id,
    );
    expect(statuses).toEqual(['pending', 'processing', 'paid']);
    expect(await stillSameDocument(page)).toBe(true);
  });

  it('pages through every order with a cursor, newest first, with no duplicates', async () => {
    for (let index = 0; index < 25; index++) {
      await placeOrder(system.bffUrl, {
        customerName: `Paging ${String(index).padStart(2, '0')}`,
        amount: 20_000 + index,
      });
    }
    const stored = await storedIds(system);
    expect(stored.length).toBeGreaterThan(20);

    const { page } = await open('/orders');
    expect(await tableIds(page)).toEqual(stored.slice(0, 20));
    expect(await page.isVisible('#load-more')).toBe(true);
    expect(await page.textContent('#orders-count')).toBe('20 shown');

    while (await page.isVisible('#load-more')) {
      const before = (await tableIds(page)).length;
      await page.click('#load-more');
      await page.waitForFunction((count) => document.querySelectorAll('#orders tr').length > count, before);
      await page.waitForSelector('#load-more:not([disabled])', { state: 'attached' });
    }
    const ids = await tableIds(page);
    expect(new Set(ids).size).toBe(ids.length);
    // Orders placed meanwhile by other systems on the shared Redis are not in this database: compare ours.
    expect(ids.filter((id) => stored.includes(id))).toEqual(stored);
    expect(await page.textContent('#orders-count')).toBe(`${ids.length} shown`);
  });

  it('filters by status, keeps the filter in the URL, and applies it to live updates', async () => {
    await placeOrder(system.bffUrl, { customerName: 'Declined Earlier', amount: 3_000 });
    await eventually(
      async () =>
        (await queryRows(system, "SELECT id FROM orders WHERE status IN ('pending', 'processing')")).length === 0,
      {
        timeoutMs: 30_000,
        what: 'every order to settle',
      },
    );
    const { page } = await open('/orders?status=failed');
    expect(await page.inputValue('#status-filter')).toBe('failed');
    expect(await tableIds(page)).toEqual((await storedIds(system, 'failed')).slice(0, 20));
    expect(new Set(await tableStatuses(page))).toEqual(new Set(['failed']));
    await markDocument(page);

    const paid = await placeOrder(system.bffUrl, { customerName: 'Filter Paid' });
    const failed = await placeOrder(system.bffUrl, { customerName: 'Filter Declined', amount: 4_000 });
    await page.waitForSelector(`#orders tr[data-order-id="${failed.id}"][data-status="failed"]`, { timeout: 20_000 });
    expect((await tableIds(page))[0]).toBe(failed.id);
    await settledJourney(system.orderUrl, paid.id);
    expect(await tableIds(page)).not.toContain(paid.id);

    await page.selectOption('#status-filter', 'paid');
    await page.waitForSelector(`#orders tr[data-order-id="${paid.id}"]`);
    expect(new URL(page.url()).searchParams.get('status')).toBe('paid');
    expect(await tableIds(page)).toEqual((await storedIds(system, 'paid')).slice(0, 20));

    await page.selectOption('#status-filter', '');
    await page.waitForSelector(`#orders tr[data-order-id="${failed.id}"]`);
    expect(new URL(page.url()).searchParams.has('status')).toBe(false);
    expect(await tableIds(page)).toEqual((await storedIds(system)).slice(0, 20));
    expect(await stillSameDocument(page)).toBe(true);
  });
});
