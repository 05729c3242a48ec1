import { request, type ClientRequest } from 'node:http';
import { SseParser, type SseMessage } from './sse-parser';

export interface SseConnection {
  close(): void;
}

/**
 * One SSE client on its own socket (raw `http.request`, no agent): resolves
 * once the server answered 200 with the stream's headers, which the BFF sends
 * only after the connection is subscribed to live events.
 */
export function openSse(
  url: string,
  lastEventId: number | null,
  onMessage: (message: SseMessage) => void,
  options: { timeoutMs?: number; onEnd?: () => void } = {},
): Promise<SseConnection> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastEventId !== null) headers['last-event-id'] = String(lastEventId);
    let req: ClientRequest | null = null;
    const timer = setTimeout(() => {
      req?.destroy(new Error(`no SSE answer from ${url} within ${timeoutMs} ms`));
    }, timeoutMs);
    req = request(url, { agent: false, headers }, (res) => {
      clearTimeout(timer);
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`SSE ${url} answered ${res.statusCode}`));
        return;
      }
      const parser = new SseParser(onMessage);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => parser.push(chunk));
      res.on('error', () => undefined);
      let closing = false;
      res.once('close', () => {
        if (!closing) options.onEnd?.();
      });
      resolve({
        close: () => {
          closing = true;
          req?.destroy();
        },
      });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}
