import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

const workspaceRoot = resolve(__dirname, '../../../..');
/** Git-ignored test artifacts. */
export const SCREENSHOT_DIR = join(workspaceRoot, 'artifacts/screenshots');
/** The README's pictures; refreshed only when WEB_E2E_UPDATE_DOCS=1. */
export const DOCS_SCREENSHOT_DIR = join(workspaceRoot, 'docs/screenshots');

/** Saves a full-page screenshot as artifacts/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  // No hover state in the picture, and entrance animations finished: the settled page.
  await page.mouse.move(0, 0);
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  if (process.env['WEB_E2E_UPDATE_DOCS'] === '1') {
    mkdirSync(DOCS_SCREENSHOT_DIR, { recursive: true });
    copyFileSync(file, join(DOCS_SCREENSHOT_DIR, `${name}.png`));
  }
  return file;
}
