import { setTimeout as sleep } from 'node:timers/promises';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Browser, Request } from 'playwright-core';
import { CreateOrderDto, ORDER_LIMITS } from '@mini-commerce/contracts';
import { queryRows, type SystemUnderTest } from '@mini-commerce/system-harness';
import { launchBrowser, openPage, type ProbedPage } from './support/browser';
import {
  fillCheckout,
  logRows,
  placedOrderId,
  plain,
  UUID_V4,
  waitForConnection,
  waitForLogRow,
} from './support/pages';
import { countOrders, startWebSystem } from './support/web-system';

const isCheckout = (request: Request) =>
  request.method() === 'POST' && new URL(request.url()).pathname === '/api/orders';

describe('checkout page', () => {
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
    [system, browser] = await Promise.all([startWebSystem('checkout', { PAYMENT_DELAY_MS: '300' }), launchBrowser()]);
  });

  afterEach(async () => {
    for (const probe of pages.splice(0)) {
      expect(probe.dialogs).toEqual([]);
      expect(await probe.cspViolations()).toEqual([]);
      await probe.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('checks out: rupiah preview, a busy button, an Idempotency-Key, then paid in the card and in the log', async () => {
    const { page, requests, errors } = await open();
    // Hold the request back a little on its way (it still reaches the real BFF), so the busy state is visible.
    await page.route('**/api/orders', async (route) => {
      await sleep(600);
      await route.continue();
    });
    await fillCheckout(page, {
      customerName: 'Checkout Paid',
      productName: 'Kopi Gayo 250 g',
      quantity: '2',
      amount: '50000',
    });
    expect(plain(await page.textContent('#amount-preview'))).toBe('Rp 50.000');

    await page.click('#submit');
    expect(await page.isDisabled('#submit')).toBe(true);
    expect(await page.getAttribute('#submit', 'aria-busy')).toBe('true');
    expect(await page.textContent('#submit-label')).toBe('Placing order…');

    const orderId = await placedOrderId(page);
    expect(await page.isDisabled('#submit')).toBe(false);
    expect(await page.textContent('#submit-label')).toBe('Place order');
    const key = requests.find(isCheckout)?.headers()['idempotency-key'];
    expect(key).toMatch(UUID_V4);

    await page.waitForSelector('#created-status[data-status="paid"]', { timeout: 20_000 });
    expect(await page.textContent('#created-status')).toBe('Paid');
    expect(plain(await page.textContent('#created-detail'))).toBe('Checkout Paid · 2× Kopi Gayo 250 g · Rp 50.000');
    expect(
      await page.$$eval('#created-steps li', (steps) => steps.map((step) => (step as HTMLElement).dataset['state'])),
    ).toEqual(['done', 'done', 'done']);

    await waitForLogRow(page, orderId, 'order.paid');
    const rows = (await logRows(page)).filter((row) => row.orderId === orderId);
    expect(rows.map((row) => row.type)).toEqual(['order.paid', 'order.processing', 'order.created']);
    expect(rows.map((row) => row.message)).toEqual([
      expect.stringMatching(/^Paid: payment [0-9a-f]{8} approved$/),
      'worker-1 claimed the payment job from the queue (attempt 1)',
      'Order placed by Checkout Paid: 2× Kopi Gayo 250 g, Rp 50.000',
    ]);

    const [stored] = await queryRows(system, 'SELECT status, idempotency_key FROM orders WHERE id = ?', [orderId]);
    expect(stored).toMatchObject({ status: 'paid', idempotency_key: key });
    expect(errors).toEqual([]);
  });

  it('follows the order in the card when its events arrive before the answer to the checkout', async () => {
    const { page } = await open();
    // The real BFF answers; the answer is held back until the order's last event is in the log.
    await page.route('**/api/orders', async (route) => {
      const response = await route.fetch();
      const order = (await response.json()) as { id: string };
      await waitForLogRow(page, order.id, 'order.paid');
      await route.fulfill({ response });
    });
    await fillCheckout(page, {
      customerName: 'Events First',
      productName: 'Teh Tarik',
      quantity: '1',
      amount: '20000',
    });

    await page.click('#submit');
    await placedOrderId(page);

    await page.waitForSelector('#created-status[data-status="paid"]', { timeout: 5_000 });
  });

  it('shows a total under Rp 10.000 as failed, with the reason, in the card and in the log', async () => {
    const { page } = await open();
    await fillCheckout(page, {
      customerName: 'Checkout Declined',
      productName: 'Permen',
      quantity: '1',
      amount: '5000',
    });
    await page.click('#submit');
    const orderId = await placedOrderId(page);

    await page.waitForSelector('#created-status[data-status="failed"]', { timeout: 20_000 });
    expect(plain(await page.textContent('#created-reason'))).toBe('amount Rp 5.000 is under the minimum of Rp 10.000');
    expect(
      await page.$eval('#created-steps li:last-child', (step) => [
        (step as HTMLElement).dataset['state'],
        step.textContent,
      ]),
    ).toEqual(['failed', 'Failed']);
    await waitForLogRow(page, orderId, 'order.failed');
    const failed = (await logRows(page)).find((row) => row.orderId === orderId && row.type === 'order.failed');
    expect(failed).toMatchObject({
      outcome: 'bad',
      message: 'Failed: amount Rp 5.000 is under the minimum of Rp 10.000',
    });
  });

  it('checks the fields in the browser first: messages next to each field, focus on the first, nothing sent', async () => {
    const { page, requests } = await open();
    const before = await countOrders(system);
    await fillCheckout(page, { customerName: '   ', productName: 'Teh Melati', quantity: '0', amount: '10000.5' });
    await page.click('#submit');

    expect(await page.textContent('#customerName-error')).toBe("Enter the customer's name.");
    expect(await page.textContent('#productName-error')).toBe('');
    expect(await page.textContent('#quantity-error')).toBe('Enter a whole number from 1 to 1,000.');
    expect(plain(await page.textContent('#amount-error'))).toBe(
      'Enter a whole number of rupiah from Rp 1 to Rp 1.000.000.000.',
    );
    const invalid = await page.$$eval('#checkout input', (inputs) =>
      inputs.map((input) => [input.id, input.getAttribute('aria-invalid')]),
    );
    expect(Object.fromEntries(invalid)).toEqual({
      customerName: 'true',
      productName: 'false',
      quantity: 'true',
      amount: 'true',
    });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('customerName');
    // Each message is announced with its field: the input is described by its error.
    expect(await page.getAttribute('#quantity', 'aria-describedby')).toContain('quantity-error');

    await page.fill('#customerName', 'Rina');
    expect(await page.textContent('#customerName-error')).toBe('');
    expect(requests.filter(isCheckout)).toHaveLength(0);
    expect(await countOrders(system)).toBe(before);
  });

  it("shows the server's 400 messages next to the field they name, storing nothing", async () => {
    // ?checks=server switches the browser's own checks off, so the server's answer is what shows.
    const { page } = await open('/?checks=server');
    const before = await countOrders(system);
    await fillCheckout(page, { customerName: '   ', productName: 'Teh Melati', quantity: '0', amount: '10000.5' });
    const answered = page.waitForResponse((response) => isCheckout(response.request()));
    await page.click('#submit');
    const response = await answered;
    expect(response.status()).toBe(400);

    await page.waitForSelector('#customerName[aria-invalid="true"]');
    expect(await page.textContent('#customerName-error')).toBe('customerName should not be empty');
    expect(await page.textContent('#productName-error')).toBe('');
    expect(await page.textContent('#quantity-error')).toBe('quantity must not be less than 1');
    expect(await page.textContent('#amount-error')).toBe('amount must be an integer number');
    expect(await page.isHidden('#form-error')).toBe(true);
    expect(await page.isHidden('#created')).toBe(true);
    expect(await countOrders(system)).toBe(before);
  });

  it("applies exactly the server's rules in the browser", async () => {
    const { page } = await open();
    const browserLimits = await page.evaluate('import("/js/order-rules.js").then((rules) => rules.ORDER_LIMITS)');
    expect(browserLimits).toEqual(ORDER_LIMITS);

    const valid = { customerName: 'Siti', productName: 'Kopi', quantity: 1, amount: 10_000 };
    const long = 'x'.repeat(ORDER_LIMITS.textMaxLength);
    const cases: Record<string, unknown>[] = [
      valid,
      ...['customerName', 'productName'].flatMap((field) =>
        ['', '   ', long, `${long}x`, ` ${long} `].map((value) => ({ ...valid, [field]: value })),
      ),
      ...[0, 1, 1000, 1001, 1.5, -1].map((quantity) => ({ ...valid, quantity })),
      ...[0, 1, 9_999, 1_000_000_000, 1_000_000_001, 10_000.5, -5].map((amount) => ({ ...valid, amount })),
      { customerName: '', productName: '', quantity: 0, amount: 0 },
    ];
    for (const body of cases) {
      const inBrowser = await page.evaluate(
        `import("/js/order-rules.js").then((rules) => Object.keys(rules.validateOrder(${JSON.stringify(body)})).sort())`,
      );
      const errors = await validate(plainToInstance(CreateOrderDto, body), {
        whitelist: true,
        forbidNonWhitelisted: true,
        stopAtFirstError: true,
      });
      expect({ body, fields: inBrowser }).toEqual({ body, fields: errors.map((error) => error.property).sort() });
    }
  });

  it('places one order however the button is clicked while a checkout is in flight', async () => {
    const { page, requests } = await open();
    await page.route('**/api/orders', async (route) => {
      await sleep(400);
      await route.continue();
    });
    await fillCheckout(page, {
      customerName: 'Double Click',
      productName: 'Kopi Gayo 250 g',
      quantity: '1',
      amount: '30000',
    });
    await page.dblclick('#submit');
    await page.evaluate(() => {
      const form = document.getElementById('checkout') as HTMLFormElement;
      form.requestSubmit();
      form.requestSubmit();
    });
    await page.keyboard.press('Enter');
    const orderId = await placedOrderId(page);
    await page.waitForSelector('#created-status[data-status="paid"]', { timeout: 20_000 });

    expect(requests.filter(isCheckout)).toHaveLength(1);
    expect(await countOrders(system, 'Double Click')).toBe(1);
    expect((await queryRows(system, 'SELECT id FROM orders WHERE customer_name = ?', ['Double Click']))[0]['id']).toBe(
      orderId,
    );
  });

  it('retries a checkout whose answer was lost with the same Idempotency-Key: one order', async () => {
    const { page, requests } = await open();
    let calls = 0;
    await page.route('**/api/orders', async (route) => {
      calls += 1;
      if (calls === 1) {
        // The BFF receives and stores the order, but the answer never reaches the browser.
        await route.fetch();
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await fillCheckout(page, {
      customerName: 'Lost Answer',
      productName: 'Batik Tulis',
      quantity: '1',
      amount: '250000',
    });
    await page.click('#submit');
    await page.waitForSelector('#form-error:not([hidden])');
    expect(await page.textContent('#form-error')).toMatch(/could not be reached.*Submitting again is safe/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('form-error');
    const [stored] = await queryRows(system, 'SELECT id FROM orders WHERE customer_name = ?', ['Lost Answer']);
    expect(stored).toBeDefined();

    const replayed = page.waitForResponse((response) => isCheckout(response.request()));
    await page.click('#submit');
    const response = await replayed;
    expect(response.status()).toBe(201);
    // The answer is the order the lost request stored (order replays it for the same key and body).
    expect(((await response.json()) as { id: string }).id).toBe(stored['id']);
    expect(await placedOrderId(page)).toBe(stored['id']);
    expect(await page.isHidden('#form-error')).toBe(true);

    const keys = requests.filter(isCheckout).map((request) => request.headers()['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(await countOrders(system, 'Lost Answer')).toBe(1);

    // Another checkout (a changed form) is a new attempt with a new key.
    await page.fill('#amount', '260000');
    await page.click('#submit');
    await page.waitForFunction(() => document.getElementById('created-detail')?.textContent?.includes('260.000'));
    const third = requests.filter(isCheckout)[2]?.headers()['idempotency-key'];
    expect(third).toMatch(UUID_V4);
    expect(third).not.toBe(keys[0]);
    expect(await countOrders(system, 'Lost Answer')).toBe(2);
  });
});
