import type { OutgoingHttpHeaders } from 'node:http';
import type { OrderEventDto } from '@mini-commerce/contracts';
import type { StreamedEvent } from './live-events.service';

/**
 * The headers of every event stream: the ones Nest's `@Sse()` sent, so that
 * browsers and proxies see no change (`Expire` is spelt as Nest spelt it).
 */
export const SSE_HEADERS: Readonly<OutgoingHttpHeaders> = Object.freeze({
  'Content-Type': 'text/event-stream',
  Connection: 'keep-alive',
  // Disable caching, even for old browsers and proxies.
  'Cache-Control': 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform',
  Pragma: 'no-cache',
  Expire: '0',
  // nginx must not buffer the stream.
  'X-Accel-Buffering': 'no',
});

/** Written right after the headers, so that they leave at once (an empty line is no event). */
export const STREAM_START = '\n';

/**
 * Written to a connection Node has stopped reading from, to find out whether
 * its client is still there; clients ignore comments.
 */
export const PROBE_FRAME = ': \n\n';

const frames = new WeakMap<StreamedEvent, string>();
const dataLines = new WeakMap<OrderEventDto, string>();

/**
 * The SSE frame of an event: `id:` (the point to resume from, usually the
 * event's row id), `event:` (its type) and the event as JSON `data:`. Rendered
 * once per object, however many connections it is written to: the live stream
 * hands the same object to all. A connection that sends an event with a resume
 * point of its own still shares the event's JSON. Events must not be changed
 * once published (nothing here does).
 */
export function frameOf(streamed: StreamedEvent): string {
  let frame = frames.get(streamed);
  if (frame === undefined) {
    const { event, resumeAt } = streamed;
    frame = `id: ${field(resumeAt)}\nevent: ${field(event.type)}\ndata: ${dataOf(event)}\n\n`;
    frames.set(streamed, frame);
  }
  return frame;
}

function dataOf(event: OrderEventDto): string {
  let data = dataLines.get(event);
  if (data === undefined) {
    // JSON.stringify escapes CR and LF, so the data is always one line.
    data = JSON.stringify(event);
    dataLines.set(event, data);
  }
  return data;
}

/**
 * A frame without an id, for the stream's own messages (an error, a request to
 * reconnect): the client keeps the id of the last event it received, and
 * resumes from there when it reconnects.
 */
export function controlFrame(type: string, data: string, retryMs?: number): string {
  const retry = retryMs === undefined ? '' : `retry: ${field(retryMs)}\n`;
  const lines = data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
  return `event: ${field(type)}\n${retry}${lines}\n`;
}

/** A field value on one line: a CR or LF would end the field and start another. */
function field(value: unknown): string {
  return String(value).replace(/[\r\n]/g, '');
}
