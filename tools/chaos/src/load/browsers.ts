import { EventSource } from 'eventsource';
import { eventually } from '@mini-commerce/testing';
import { OrderEventType, type OrderEventDto } from '@mini-commerce/contracts';
import { sseKey, type SseView } from '../checks/history';

/** What the report says about one browser. */
export interface BrowserSummary {
  name: string;
  received: number;
  duplicates: number;
  /** Successful (re)connections: 1 + reconnects. */
  connections: number;
  /** Set when the EventSource closed for good (it does not retry a non-200 answer or a wrong Content-Type). */
  gaveUp: { at: string; message: string } | null;
  lastEventAt: string | null;
}

/**
 * One browser tab on the live event stream: a plain EventSource from the
 * `eventsource` package, as SseRecorder (libs/testing) uses. Like a browser it
 * reconnects after a dropped stream or a refused connection, sending
 * Last-Event-ID; like a browser (HTML spec) it gives up for good when an answer
 * is not a 200 with Content-Type text/event-stream. Unlike SseRecorder it keeps
 * what a post-mortem needs: connections, errors and when it gave up.
 */
class Browser {
  readonly keys: string[] = [];
  connections = 0;
  gaveUp: { at: number; message: string } | null = null;
  lastEventAt: number | null = null;
  private readonly source: EventSource;

  constructor(
    readonly name: string,
    url: string,
  ) {
    this.source = new EventSource(url);
    this.source.addEventListener('open', () => this.connections++);
    this.source.addEventListener('error', (event) => {
      if (this.source.readyState === this.source.CLOSED && !this.gaveUp) {
        const { message, code } = event as unknown as { message?: string; code?: number };
        this.gaveUp = { at: Date.now(), message: `${message ?? 'closed'}${code ? ` (HTTP ${code})` : ''}` };
      }
    });
    for (const type of Object.values(OrderEventType)) {
      this.source.addEventListener(type, (message) => {
        const event = JSON.parse(message.data) as OrderEventDto;
        this.keys.push(sseKey(event.orderId, event.id));
        this.lastEventAt = Date.now();
      });
    }
  }

  close(): void {
    this.source.close();
  }
}

/** The browsers that stay on /api/events for the whole run. */
export class Browsers {
  private constructor(private readonly browsers: readonly Browser[]) {}

  static async connect(bffUrl: string, count: number): Promise<Browsers> {
    const browsers = new Browsers(Array.from({ length: count }, (_, i) => new Browser(`browser-${i + 1}`, `${bffUrl}/api/events`)));
    try {
      await eventually(() => browsers.browsers.every((browser) => browser.connections > 0), {
        timeoutMs: 10_000,
        what: 'every browser to connect to /api/events',
      });
    } catch (error) {
      browsers.close();
      throw error;
    }
    return browsers;
  }

  /** The events each browser received (see sseKey), and how many it received more than once. */
  views(): Array<SseView & { count: number; duplicates: number }> {
    return this.browsers.map(({ name, keys }) => {
      const received = new Set(keys);
      return { name, received, count: keys.length, duplicates: keys.length - received.size };
    });
  }

  summaries(): BrowserSummary[] {
    const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
    return this.browsers.map((browser, index) => {
      const view = this.views()[index];
      return {
        name: browser.name,
        received: view.count,
        duplicates: view.duplicates,
        connections: browser.connections,
        gaveUp: browser.gaveUp ? { at: new Date(browser.gaveUp.at).toISOString(), message: browser.gaveUp.message } : null,
        lastEventAt: iso(browser.lastEventAt),
      };
    });
  }

  /** True when every browser has received every one of `keys` (see sseKey). */
  haveAll(keys: readonly string[]): boolean {
    return this.views().every((view) => keys.every((key) => view.received.has(key)));
  }

  /** True when every browser has given up: waiting for their events is pointless. */
  allGaveUp(): boolean {
    return this.browsers.every((browser) => browser.gaveUp !== null);
  }

  close(): void {
    for (const browser of this.browsers) browser.close();
  }
}
