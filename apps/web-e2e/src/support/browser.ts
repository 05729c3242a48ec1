import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const DESKTOP = { width: 1280, height: 860 } as const;
export const PHONE = { width: 360, height: 740 } as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface ProbedPage {
  page: Page;
  context: BrowserContext;
  /** Messages of every alert/confirm/prompt that opened (each is dismissed). */
  dialogs: string[];
  /** Uncaught exceptions and console errors in the page. */
  errors: string[];
  /** Every request the page made, for "nothing from outside" and header checks. */
  requests: Request[];
  /** Content-Security-Policy violations the page reported. */
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * A page in its own context (own storage, own SSE connection), watched for
 * dialogs, errors, CSP violations and every request it makes.
 */
export async function openPage(
  browser: Browser,
  url: string,
  options: { viewport?: { width: number; height: number }; deviceScaleFactor?: number } = {},
): Promise<ProbedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    locale: 'en-GB',
    timezoneId: 'Asia/Jakarta',
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  const requests: Request[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => requests.push(request));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  await page.goto(url);
  return {
    page,
    context,
    dialogs,
    errors,
    requests,
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
    close: () => context.close(),
  };
}

/**
 * Console errors a page may log while a test cuts its connection: refused
 * connections, and a BFF that is shutting down answering the stream without
 * text/event-stream (the page then reconnects by itself).
 */
export function unexpectedErrors(errors: string[]): string[] {
  return errors.filter(
    (error) =>
      !/net::ERR_|Failed to load resource: net::|EventSource's response has a MIME type \("text\/plain"\)/.test(error),
  );
}
