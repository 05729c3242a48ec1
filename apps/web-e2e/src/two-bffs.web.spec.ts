import type { Browser } from 'playwright-core';
import type { SystemUnderTest } from '@mini-commerce/system-harness';
import { launchBrowser, openPage, type ProbedPage } from './support/browser';
import { fillCheckout, logRows, placedOrderId, waitForConnection, waitForLogRow } from './support/pages';
import { SECOND_BFF_HTTP_PORT, startSecondBff, startWebSystem } from './support/web-system';

describe('two client-bff replicas on one Redis', () => {
  let system: SystemUnderTest;
  let browser: Browser;
  let secondBffUrl: string;
  const pages: ProbedPage[] = [];

  const open = async (url: string) => {
    const probe = await openPage(browser, url);
    pages.push(probe);
    await waitForConnection(probe.page, 'live');
    return probe;
  };

  beforeAll(async () => {
    [system, browser] = await Promise.all([startWebSystem('two_bffs'), launchBrowser()]);
    secondBffUrl = await startSecondBff(system);
  });

  afterEach(async () => {
    for (const probe of pages.splice(0)) {
      expect(probe.dialogs).toEqual([]);
      expect(probe.errors).toEqual([]);
      await probe.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('shows every event of an order placed on one BFF on the pages of both', async () => {
    expect(secondBffUrl).toBe(`http://127.0.0.1:${SECOND_BFF_HTTP_PORT}`);
    const first = await open(system.bffUrl);
    const second = await open(secondBffUrl);
    const secondOrders = await open(`${secondBffUrl}/orders`);
    await secondOrders.page.waitForSelector('#orders-loading', { state: 'hidden' });

    await fillCheckout(first.page, {
      customerName: 'Two BFFs',
      productName: 'Teh Tarik',
      quantity: '2',
      amount: '40000',
    });
    await first.page.click('#submit');
    const orderId = await placedOrderId(first.page);

    for (const { page } of [first, second]) await waitForLogRow(page, orderId, 'order.paid');
    const shown = async (probe: ProbedPage) =>
      (await logRows(probe.page))
        .filter((row) => row.orderId === orderId)
        .map((row) => [row.eventId, row.type, row.message]);
    const onFirst = await shown(first);
    expect(onFirst.map((row) => row[1])).toEqual(['order.paid', 'order.processing', 'order.created']);
    expect(await shown(second)).toEqual(onFirst);
    await secondOrders.page.waitForSelector(`#orders tr[data-order-id="${orderId}"][data-status="paid"]`);
  });
});
