import type { Browser } from 'playwright-core';
import { OrderEventType } from '@mini-commerce/contracts';
import type { SystemUnderTest } from '@mini-commerce/system-harness';
import { launchBrowser, openPage, type ProbedPage } from './support/browser';
import { fillCheckout, placedOrderId, waitForConnection, waitForLogRow } from './support/pages';
import { startWebSystem } from './support/web-system';

const ORDER = { customerName: 'Dewi', productName: 'Teh Tarik', quantity: '1', amount: '25000' };

describe('the fault panel (OPERATOR_CONTROLS=true)', () => {
  let system: SystemUnderTest;
  let browser: Browser;
  let probe: ProbedPage;

  beforeAll(async () => {
    [system, browser] = await Promise.all([
      startWebSystem('fault_panel', {
        OPERATOR_CONTROLS: 'true',
        PAYMENT_TIMEOUT_MS: '500',
        JOB_BACKOFF_BASE_MS: '200',
        JOB_BACKOFF_MAX_MS: '500',
        JOB_MAX_ATTEMPTS: '50',
        PAYMENT_CIRCUIT_MIN_CALLS: '1000',
      }),
      launchBrowser(),
    ]);
    probe = await openPage(browser, system.bffUrl);
    await waitForConnection(probe.page, 'live');
  });

  afterAll(async () => {
    expect(probe?.dialogs).toEqual([]);
    await probe?.close();
    await browser?.close();
    await system?.stop();
  });

  it('is shown, with the current settings, when operator controls are on', async () => {
    await probe.page.waitForSelector('#operator:not([hidden])');
    expect(await probe.page.inputValue('#fault-failure')).toBe('0');
    expect(await probe.page.textContent('#operator-status')).toContain('running');
  });

  it('makes payment flaky from the page: the log shows retries, then payment once it is healthy', async () => {
    const { page } = probe;
    await page.fill('#fault-failure', '100');
    await page.click('#operator-faults button[type="submit"]');
    await fillCheckout(page, ORDER);
    await page.click('#submit');
    const orderId = await placedOrderId(page);
    await waitForLogRow(page, orderId, OrderEventType.PaymentRetrying);

    await page.fill('#fault-failure', '0');
    await page.click('#operator-faults button[type="submit"]');
    await waitForLogRow(page, orderId, OrderEventType.Paid);
  });

  it('pauses and resumes the worker from the page', async () => {
    const { page } = probe;
    await page.click('#worker-toggle');
    await page.waitForFunction(() => document.querySelector('#operator-status')?.textContent?.includes('paused'));
    await fillCheckout(page, ORDER);
    await page.click('#submit');
    const orderId = await placedOrderId(page);
    await waitForLogRow(page, orderId, OrderEventType.Created);
    // That the paused worker claims nothing is asserted through the queue depth in
    // apps/system-e2e/src/operator-panel.e2e.spec.ts; here: the page drives pause and resume.
    expect((await fetch(`${system.bffUrl}/api/operator/worker`).then((r) => r.json())).paused).toBe(true);

    await page.click('#worker-toggle');
    await waitForLogRow(page, orderId, OrderEventType.Paid);
  });

  it('stays hidden on a BFF without operator controls', async () => {
    await system.launcher.start(
      'client-bff',
      { BFF_HTTP_PORT: '26050', BFF_EVENTS_PORT: '26060', OPERATOR_CONTROLS: 'false' },
      'client-bff#plain',
    );
    const plain = await openPage(browser, 'http://127.0.0.1:26050');
    try {
      await waitForConnection(plain.page, 'live');
      expect((await fetch('http://127.0.0.1:26050/api/operator/worker')).status).toBe(404);
      expect(await plain.page.isHidden('#operator')).toBe(true);
    } finally {
      await plain.close();
    }
  });
});
