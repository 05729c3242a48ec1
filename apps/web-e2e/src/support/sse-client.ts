import { request, type ClientRequest, type IncomingMessage } from 'node:http';

export interface SseMessage {
  id: string;
  event: string;
  data: string;
}

/**
 * A bare Server-Sent Events connection over node:http (one socket each), for
 * opening a thousand of them cheaply. Parses id/event/data; no reconnection.
 */
export class RawSseConnection {
  readonly messages: SseMessage[] = [];
  private buffer = '';

  private constructor(
    private readonly clientRequest: ClientRequest,
    readonly response: IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.parse(chunk));
    response.on('error', () => undefined);
  }

  static open(url: string, timeoutMs = 15_000): Promise<RawSseConnection> {
    return new Promise((resolve, reject) => {
      const clientRequest = request(url, { agent: false, headers: { accept: 'text/event-stream' } });
      const timer = setTimeout(() => {
        clientRequest.destroy();
        reject(new Error(`no SSE response from ${url} within ${timeoutMs} ms`));
      }, timeoutMs);
      clientRequest.on('response', (response) => {
        clearTimeout(timer);
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`SSE answered ${response.statusCode}`));
          return;
        }
        resolve(new RawSseConnection(clientRequest, response));
      });
      clientRequest.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      clientRequest.end();
    });
  }

  /** Whether an event of `type` whose JSON data mentions `orderId` has arrived. */
  has(type: string, orderId: string): boolean {
    return this.messages.some((message) => message.event === type && message.data.includes(orderId));
  }

  /** Ends the connection abruptly (a closed tab, a dropped network). */
  destroy(): void {
    this.clientRequest.destroy();
  }

  private parse(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const message: SseMessage = { id: '', event: 'message', data: '' };
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const field = line.slice(0, colon);
        const value = line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') message.id = value;
        else if (field === 'event') message.event = value;
        else if (field === 'data') message.data = message.data ? `${message.data}\n${value}` : value;
      }
      if (message.data) this.messages.push(message);
    }
  }
}

/** The value of one gauge on a service's Prometheus /metrics (summed over label sets). */
export async function gauge(baseUrl: string, name: string): Promise<number> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const pattern = new RegExp(`^${name}(?:\\{[^}]*\\})?\\s+([0-9.eE+-]+)$`, 'gm');
  const values = [...text.matchAll(pattern)].map((match) => Number(match[1]));
  if (values.length === 0) throw new Error(`/metrics has no ${name}`);
  return values.reduce((sum, value) => sum + value, 0);
}
