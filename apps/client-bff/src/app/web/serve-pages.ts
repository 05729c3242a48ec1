import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where the built pages live: next to main.js (webpack copies src/public there). */
export const PUBLIC_DIR = join(__dirname, 'public');

/** `/api` and everything under it: the router's, never a file. */
const API_PATH = /^\/api(?:\/|$)/;

/**
 * Serves the web pages and their assets from `root` (`/` → index.html,
 * `/orders` → orders.html), except under `/api`: an API call or an SSE connect
 * matches its route before this catch-all, and a missing `/api/*` is refused
 * without looking at the disk, so it is still Nest's JSON 404.
 */
export function servePages(app: NestFastifyApplication, root: string): void {
  app.useStaticAssets({
    root,
    prefix: '/',
    index: 'index.html',
    extensions: ['html'],
    allowedPath: (path) => !API_PATH.test(path),
  });
}
