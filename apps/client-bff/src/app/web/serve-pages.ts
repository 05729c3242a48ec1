import express, { type RequestHandler } from 'express';

/** `/api` and everything under it: the router's, never a file (case-insensitive, as Express routes). */
const API_PATH = /^\/api(?:\/|$)/i;

/**
 * Serves the web pages and their assets from `root` (`/` → index.html,
 * `/orders` → orders.html), except under `/api`: those requests go straight to
 * the router, so an API call or an SSE connect no longer `stat`s the folder
 * first (there is no `api` in it), and a missing `/api/*` is still Nest's JSON 404.
 */
export function servePages(root: string): RequestHandler {
  const pages = express.static(root, { extensions: ['html'], index: 'index.html' });
  return (request, response, next) => (API_PATH.test(request.path) ? next() : pages(request, response, next));
}
