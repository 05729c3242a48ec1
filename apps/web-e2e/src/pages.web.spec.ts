import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { OrderDto } from '@mini-commerce/contracts';
import type { SystemUnderTest } from '@mini-commerce/system-harness';
import { placeOrder } from '@mini-commerce/testing';
import { accessibilityProblems } from './support/accessibility';
import { DESKTOP, launchBrowser, openPage, PHONE, type ProbedPage } from './support/browser';
import { settledJourney } from './support/settled-journey';
import { fillCheckout, placedOrderId, plain, waitForConnection, waitForLogRow } from './support/pages';
import { screenshot } from './support/screenshots';
import { pauseWorker, startWebSystem } from './support/web-system';

const PUBLIC_DIR = resolve(__dirname, '../../client-bff/src/public');

/** Orders that make the pages look like a shop: paid, declined, one retried while payment was down. */
const SHOPPING = [
  { customerName: 'Siti Rahma', productName: 'Kopi Gayo 250 g', quantity: 2, amount: 96_000 },
  { customerName: 'Budi Santoso', productName: 'Teh Tarik 10 sachet', quantity: 1, amount: 42_500 },
  { customerName: 'Ayu Lestari', productName: 'Batik Tulis Solo', quantity: 1, amount: 675_000 },
  { customerName: 'Rizky Pratama', productName: 'Permen Jahe', quantity: 3, amount: 7_500 },
  { customerName: 'Dewi Anggraini', productName: 'Sambal Roa 200 g', quantity: 4, amount: 188_000 },
  { customerName: 'Agus Wijaya', productName: 'Keripik Tempe', quantity: 6, amount: 54_000 },
];

const VIEWPORTS = [
  ['desktop', DESKTOP, 1],
  ['phone', PHONE, 2],
] as const;

describe('web pages', () => {
  let system: SystemUnderTest;
  let browser: Browser;
  let journeyOrder: OrderDto;
  const pages: ProbedPage[] = [];

  const open = async (path: string, viewport: { width: number; height: number } = DESKTOP, deviceScaleFactor = 1) => {
    const probe = await openPage(browser, `${system.bffUrl}${path}`, { viewport, deviceScaleFactor });
    pages.push(probe);
    await waitForConnection(probe.page, 'live');
    return probe;
  };

  const expectGoodLayout = async (page: Page, width: number) => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    expect(await accessibilityProblems(page)).toEqual([]);
  };

  beforeAll(async () => {
    [system, browser] = await Promise.all([startWebSystem('pages'), launchBrowser()]);
    const orders: OrderDto[] = [];
    for (const order of SHOPPING) orders.push(await placeOrder(system.bffUrl, order));
    await Promise.all(orders.map((order) => settledJourney(system.orderUrl, order.id)));
    journeyOrder = orders[0];
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

  it('serves every page with a CSP that forbids inline script, and loads nothing from elsewhere', async () => {
    for (const path of ['/', '/orders', `/orders/${journeyOrder.id}`]) {
      const probe = await open(path);
      const navigation = probe.requests.find((request) => request.resourceType() === 'document');
      const csp = (await navigation?.response())?.headers()['content-security-policy'] ?? '';
      const directive = (name: string) =>
        csp
          .split(';')
          .map((part) => part.trim())
          .find((part) => part.startsWith(`${name} `)) ?? '';
      expect(directive('default-src')).toBe("default-src 'self'");
      expect(directive('script-src')).toBe("script-src 'self'");
      expect(directive('script-src-attr')).toBe("script-src-attr 'none'");

      const markup = await probe.page.evaluate(() => ({
        scripts: [...document.scripts].map((script) => [
          script.type,
          script.getAttribute('src'),
          script.textContent?.trim(),
        ]),
        handlers: [...document.querySelectorAll('*')].flatMap((element) =>
          [...element.attributes]
            .filter((attribute) => attribute.name.startsWith('on'))
            .map((attribute) => attribute.name),
        ),
      }));
      expect(markup.scripts).toEqual([['module', expect.stringMatching(/^\/js\/[\w-]+\.js$/), '']]);
      expect(markup.handlers).toEqual([]);
      const origins = new Set(probe.requests.map((request) => new URL(request.url()).origin));
      expect([...origins]).toEqual([system.bffUrl]);
      for (const request of probe.requests.filter(
        (r) => r.resourceType() !== 'eventsource' && r.resourceType() !== 'fetch',
      )) {
        expect([request.url(), (await request.response())?.status()]).toEqual([request.url(), 200]);
      }
    }
  });

  it('never hands data to an HTML parser in the page scripts', () => {
    const jsDir = join(PUBLIC_DIR, 'js');
    for (const file of readdirSync(jsDir)) {
      const source = readFileSync(join(jsDir, file), 'utf8');
      expect({
        file,
        sinks: source.match(
          /innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|eval\(|new Function/g,
        ),
      }).toEqual({
        file,
        sinks: null,
      });
    }
    for (const file of readdirSync(PUBLIC_DIR).filter((name) => name.endsWith('.html'))) {
      const html = readFileSync(join(PUBLIC_DIR, file), 'utf8');
      expect({ file, inline: html.match(/<script(?![^>]*\ssrc=)[^>]*>|\son\w+=|\sstyle=/g) }).toEqual({
        file,
        inline: null,
      });
    }
  });

  describe.each(VIEWPORTS)('at %s width', (name, viewport, scale) => {
    it('lays out the checkout page with a placed order and the live log', async () => {
      const { page } = await open('/', viewport, scale);
      await fillCheckout(page, {
        customerName: 'Putri Ayu',
        productName: 'Kerupuk Udang 500 g',
        quantity: '2',
        amount: '64000',
      });
      await page.click('#submit');
      const orderId = await placedOrderId(page);
      await page.waitForSelector('#created-status[data-status="paid"]', { timeout: 20_000 });
      await waitForLogRow(page, orderId, 'order.paid');
      await page.evaluate(() => window.scrollTo(0, 0));
      await expectGoodLayout(page, viewport.width);
      await screenshot(page, `checkout-${name}`);
    });

    it('lays out the orders page', async () => {
      const { page } = await open('/orders', viewport, scale);
      await page.waitForSelector('#orders-loading', { state: 'hidden' });
      await expectGoodLayout(page, viewport.width);
      await screenshot(page, `orders-${name}`);
    });

    it('lays out the journey page', async () => {
      const { page } = await open(`/orders/${journeyOrder.id}`, viewport, scale);
      await page.waitForSelector('#timeline .hop[data-hop="paid"]');
      await expectGoodLayout(page, viewport.width);
      await screenshot(page, `journey-${name}`);
    });
  });

  it('works with the keyboard alone: skip link, fields in order, visible focus, Enter to check out', async () => {
    const { page } = await open('/');
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.className || '');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('skip-link');
    const box = await page.locator('.skip-link').boundingBox();
    expect(box?.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('main');

    await page.keyboard.press('Tab');
    expect(await focused()).toBe('customerName');
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return [style.outlineStyle, style.outlineWidth];
    });
    expect(ring).toEqual(['solid', '3px']);
    await page.keyboard.type('Keyboard Only');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('productName');
    await page.keyboard.type('Kopi Toraja');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('quantity');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('amount');
    await page.keyboard.type('88000');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('submit');
    await page.keyboard.press('Enter');
    await placedOrderId(page);
    expect(plain(await page.textContent('#created-detail'))).toBe('Keyboard Only · 2× Kopi Toraja · Rp 88.000');
  });

  it('switches to Indonesian and back, on every page, remembering the choice', async () => {
    const resumeWorker = await pauseWorker(system);
    const { page } = await open('/');
    await fillCheckout(page, {
      customerName: 'Wayan Sudarma',
      productName: 'Kopi Kintamani',
      quantity: '1',
      amount: '58000',
    });
    await page.click('#submit');
    const orderId = await placedOrderId(page);
    await waitForLogRow(page, orderId, 'order.created');

    await page.click('.lang-switch [data-lang="id"]');
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    expect(await page.getAttribute('[data-lang="id"]', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('[data-lang="en"]', 'aria-pressed')).toBe('false');
    expect(await page.textContent('label[for="customerName"]')).toBe('Nama pelanggan');
    expect(await page.textContent('#submit-label')).toBe('Buat pesanan');
    expect(await page.textContent('#connection-label')).toBe('Langsung');
    expect(await page.textContent('#created-status')).toBe('Menunggu');
    expect(await page.getAttribute('.nav', 'aria-label')).toBe('Utama');
    const created = page.locator(`#event-log li[data-order-id="${orderId}"][data-type="order.created"] .event-message`);
    expect(plain(await created.textContent())).toBe('Pesanan dibuat oleh Wayan Sudarma: 1× Kopi Kintamani, Rp 58.000');

    // Statuses that arrive later come in Indonesian too.
    await resumeWorker();
    await page.waitForSelector('#created-status[data-status="paid"]', { timeout: 20_000 });
    expect(await page.textContent('#created-status')).toBe('Dibayar');
    await waitForLogRow(page, orderId, 'order.paid');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'checkout-desktop-id');

    await page.goto(`${system.bffUrl}/orders`);
    await page.waitForSelector(`#orders tr[data-order-id="${orderId}"]`);
    expect(await page.textContent('h1')).toBe('Pesanan');
    expect(await page.textContent(`#orders tr[data-order-id="${orderId}"] .badge`)).toBe('Dibayar');
    expect(await page.title()).toBe('Pesanan · mini-commerce');

    await page.goto(`${system.bffUrl}/orders/${orderId}`);
    await page.waitForSelector('#timeline .hop[data-hop="paid"]');
    expect(await page.textContent('#timeline .hop[data-hop="created"] .hop-title')).toBe('Dibuat oleh order');
    expect(await page.textContent('#timeline .hop[data-hop="claimed"] .hop-title')).toBe('Diambil oleh worker-1');

    await page.click('.lang-switch [data-lang="en"]');
    expect(await page.textContent('#timeline .hop[data-hop="created"] .hop-title')).toBe('Created by order');
    await page.goto(`${system.bffUrl}/`);
    expect(await page.textContent('label[for="customerName"]')).toBe('Customer name');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
  });
});
