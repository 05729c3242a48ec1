import type { Page } from 'playwright-core';

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Rupiah are rendered with a no-break space ("Rp\u00a050.000"); compare as plain text. */
export const plain = (text: string | null | undefined) => (text ?? '').replace(/\u00a0/g, ' ').trim();

export interface CheckoutForm {
  customerName: string;
  productName: string;
  quantity: string;
  amount: string;
}

export async function fillCheckout(page: Page, form: CheckoutForm): Promise<void> {
  for (const [field, value] of Object.entries(form)) await page.fill(`#${field}`, value);
}

/** Waits until the page's SSE connection reports the given state (live / reconnecting). */
export async function waitForConnection(page: Page, state: 'live' | 'reconnecting', timeout = 20_000): Promise<void> {
  await page.waitForSelector(`#connection[data-state="${state}"]`, { timeout });
}

export interface LogRow {
  eventId: number;
  orderId: string;
  type: string;
  outcome: string;
  time: string;
  order: string;
  orderHref: string;
  typeText: string;
  message: string;
  borderColour: string;
}

/** Every row of the live event log, top to bottom. */
export function logRows(page: Page): Promise<LogRow[]> {
  return page.$$eval('#event-log > li', (items) =>
    items.map((item) => {
      const node = item as HTMLElement;
      const text = (selector: string) => (node.querySelector(selector)?.textContent ?? '').replace(/\u00a0/g, ' ');
      return {
        eventId: Number(node.dataset['eventId']),
        orderId: node.dataset['orderId'] ?? '',
        type: node.dataset['type'] ?? '',
        outcome: node.dataset['outcome'] ?? '',
        time: text('time'),
        order: text('.event-order'),
        orderHref: node.querySelector('.event-order')?.getAttribute('href') ?? '',
        typeText: text('.event-type code'),
        message: text('.event-message'),
        borderColour: getComputedStyle(node).borderLeftColor,
      };
    }),
  );
}

export function waitForLogRow(page: Page, orderId: string, type: string, timeout = 20_000): Promise<unknown> {
  return page.waitForSelector(`#event-log > li[data-order-id="${orderId}"][data-type="${type}"]`, { timeout });
}

/** The id of the order the checkout card shows. */
export async function placedOrderId(page: Page): Promise<string> {
  await page.waitForSelector('#created:not([hidden])');
  const href = (await page.getAttribute('#created-journey', 'href')) ?? '';
  return decodeURIComponent(href.split('/').pop() ?? '');
}

/** Marks the document, to prove later that a change happened without a reload. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => document.documentElement.setAttribute('data-test-marker', 'still-here'));
}

export async function stillSameDocument(page: Page): Promise<boolean> {
  return (await page.getAttribute('html', 'data-test-marker')) === 'still-here';
}
