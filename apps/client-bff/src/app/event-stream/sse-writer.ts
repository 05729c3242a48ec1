import { type IncomingMessage as Request, type ServerResponse as Response, STATUS_CODES } from 'node:http';
import { HttpException, IntrinsicException, Logger } from '@nestjs/common';
import type { Observable, Observer, Subscription } from 'rxjs';
import type { StreamedEvent } from './live-events.service';
import { controlFrame, frameOf, PROBE_FRAME, SSE_HEADERS, STREAM_START } from './sse-frames';

/**
 * Bytes that may wait in a connection's buffers (Node's and the socket's) for
 * a client that is not reading, before its connection is dropped: events cannot
 * be held back for one client, and without a limit one slow client could take
 * all the memory. An EventSource reconnects and resumes with Last-Event-ID.
 * The same limit Nest's `@Sse()` applied. It is checked when events come in a
 * later turn of the event loop, against what the client has not taken since:
 * the events written together (a page of history) always go out, or a client
 * far behind could never catch up.
 */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * How often a connection Node has stopped reading from (HTTP/1 pipelining, see
 * `probe()`) is written a comment, to find out whether its client is still there.
 */
export const PAUSED_SOCKET_PROBE_MS = 5_000;

export interface SseWriterOptions {
  maxBufferedBytes?: number;
  probeIntervalMs?: number;
}

/**
 * Writes Server-Sent Events straight to Express responses. Each event's frame
 * is rendered once (`frameOf`) and the same string is written to every
 * connection, with no per-connection stream, queue or serialisation.
 */
export class SseWriter {
  readonly maxBufferedBytes: number;
  private readonly probeIntervalMs: number;
  private readonly logger = new Logger('EventStream');
  private readonly open = new Set<SseConnection>();
  private probeTimer?: NodeJS.Timeout;

  constructor(options: SseWriterOptions = {}) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
    this.probeIntervalMs = options.probeIntervalMs ?? PAUSED_SOCKET_PROBE_MS;
  }

  /** Open event streams (for tests). */
  get connectionCount(): number {
    return this.open.size;
  }

  /**
   * Streams `events$` to the client until the client leaves (the subscription is
   * then dropped), `events$` completes (the response ends) or fails.
   *
   * Resolves once the headers are out. They go with the first event, or on the
   * next macrotask: a stream that fails before that (e.g. the history read was
   * refused at once) rejects instead, so that the exception filters answer with
   * an HTTP error. A failure after that is sent as an `error` event, and the
   * response ends.
   */
  stream(request: Request, response: Response, events$: Observable<StreamedEvent>): Promise<void> {
    // The client may have left before the handler ran (while guards or pipes ran).
    if (response.destroyed || request.socket?.destroyed) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      new SseConnection(this, request, response, resolve, reject).start(events$);
    });
  }

  /**
   * A valid stream that ends at once, with a short retry, and closes the
   * connection: an EventSource then reconnects (to another replica, or to this
   * one once it is back), where an HTTP error status would make it give up.
   */
  reconnect(response: Response, retryMs: number, message: string): void {
    // `Connection: close` makes Node close the socket once the response is sent.
    response.writeHead(200, { ...SSE_HEADERS, Connection: 'close' });
    response.end(STREAM_START + controlFrame('reconnect', message, retryMs));
  }

  /** @internal */
  add(connection: SseConnection): void {
    this.open.add(connection);
    if (!this.probeTimer) {
      this.probeTimer = setInterval(() => this.open.forEach((open) => open.probe()), this.probeIntervalMs);
      this.probeTimer.unref();
    }
  }

  /** @internal */
  remove(connection: SseConnection): void {
    if (this.open.delete(connection) && this.open.size === 0) {
      clearInterval(this.probeTimer);
      this.probeTimer = undefined;
    }
  }

  /** @internal */
  logWarning(message: string): void {
    this.logger.warn(message);
  }

  /** @internal */
  logError(error: unknown): void {
    this.logger.error(error);
  }
}

/**
 * Counts the turns of the event loop in which events are written (a client's
 * socket can only drain between two turns): one setImmediate per turn, for
 * every connection together.
 */
let turn = 0;
let turnEnding = false;

function currentTurn(): number {
  if (!turnEnding) {
    turnEnding = true;
    setImmediate(endTurn);
  }
  return turn;
}

function endTurn(): void {
  turn++;
  turnEnding = false;
}

/** One client's event stream: the observer of its events, writing them to its response. */
class SseConnection implements Observer<StreamedEvent> {
  private subscription?: Subscription;
  private commitTimer?: NodeJS.Timeout;
  /** The turn of the event loop in which events were last written. */
  private turn = -1;
  private headersSent = false;
  /** Closed by the client, or ended or dropped here: nothing more is written. */
  private finished = false;

  constructor(
    private readonly writer: SseWriter,
    private readonly request: Request,
    private readonly response: Response,
    private readonly resolve: () => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  start(events$: Observable<StreamedEvent>): void {
    const { socket } = this.request;
    socket?.setKeepAlive(true);
    socket?.setNoDelay(true);
    socket?.setTimeout(0);
    this.response.once('close', () => this.finish());
    this.writer.add(this);

    if (this.request.method === 'HEAD') {
      // No body: done once the headers are out.
      this.commit();
      this.end();
      return;
    }
    // `this` is the observer: no closures per connection.
    const subscription = events$.subscribe(this);
    // The stream may have finished while subscribing (a synchronous error or complete).
    if (this.finished) this.drop(subscription);
    else this.subscription = subscription;
    if (!this.finished && !this.headersSent) this.commitTimer = setTimeout(() => this.commit(), 0);
  }

  next(streamed: StreamedEvent): void {
    if (this.finished || !this.commit()) return;
    const { response } = this;
    const now = currentTurn();
    if (now !== this.turn) {
      this.turn = now;
      // What is buffered still, the client has not taken since events were last written.
      if (response.writableLength > this.writer.maxBufferedBytes) {
        this.writer.logWarning(
          `The client is not reading its events: ${response.writableLength} bytes are queued for it, more than the ` +
            `${this.writer.maxBufferedBytes} allowed; closing its connection (it resumes with Last-Event-ID)`,
        );
        this.finish();
        response.destroy();
        return;
      }
    }
    response.write(frameOf(streamed));
  }

  error(error: unknown): void {
    if (this.finished) return;
    if (!this.headersSent) {
      // Nothing sent yet: the exception filters answer (e.g. 503 when order is unreachable).
      this.reject(error);
      this.finish();
      return;
    }
    // Once the headers are out only an event can tell. An HttpException is expected
    // (no filter logs one either); anything else is a bug and is logged.
    if (!(error instanceof IntrinsicException)) this.writer.logError(error);
    this.response.write(controlFrame('error', clientMessageOf(error)));
    this.end();
  }

  /** The live stream completed (shutdown): end the response; the client reconnects elsewhere. */
  complete(): void {
    if (this.finished) return;
    this.commit();
    this.end();
  }

  /**
   * A socket that is neither read from nor written to does not learn that its
   * client has left, so "close" never comes. Node stops reading from an HTTP/1
   * connection while the answers to pipelined requests pile up behind this
   * response, so a quiet stream would be kept for good: a comment, which clients
   * ignore, makes the write fail once the client is gone, which closes the socket.
   * A stream that is backed up has a write pending already.
   */
  probe(): void {
    const { request, response } = this;
    if (
      this.headersSent &&
      !this.finished &&
      (request.httpVersionMajor ?? 1) === 1 &&
      request.socket?.isPaused() &&
      !response.writableNeedDrain
    ) {
      response.write(PROBE_FRAME);
    }
  }

  /** Sends the headers unless they are out; false if that failed (the exception filters then answer). */
  private commit(): boolean {
    if (this.headersSent) return true;
    clearTimeout(this.commitTimer);
    if (this.finished) return false;
    try {
      // Merged with the headers set before (helmet's, the correlation id).
      this.response.writeHead(200, SSE_HEADERS);
    } catch (error) {
      this.reject(error);
      this.finish();
      return false;
    }
    this.headersSent = true;
    this.response.write(STREAM_START);
    this.resolve();
    return true;
  }

  private end(): void {
    if (this.finished) return;
    this.finish();
    this.response.end();
  }

  /** Releases everything this connection holds. Idempotent. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.commitTimer);
    this.writer.remove(this);
    if (this.subscription) this.drop(this.subscription);
    // The handler is done whichever way the connection went: a no-op once it is
    // settled (whoever rejects does so first).
    this.resolve();
  }

  private drop(subscription: Subscription): void {
    // Teardown is application code, run here from socket events and timers,
    // where a throw would go uncaught.
    try {
      subscription.unsubscribe();
    } catch (error) {
      this.writer.logError(error);
    }
  }
}

/**
 * What a client is told about a failure, by the rules Nest's BaseExceptionFilter
 * (and `@Sse()`) applies: the message of an HTTP error unless it wraps an Error,
 * nothing about any other.
 */
export function clientMessageOf(error: unknown): string {
  if (error instanceof HttpException) {
    return error.getResponse() instanceof Error ? (STATUS_CODES[error.getStatus()] ?? 'Error') : error.message;
  }
  const { statusCode, message } = (error ?? {}) as { statusCode?: unknown; message?: unknown };
  if (statusCode && typeof message === 'string' && message) return message;
  return 'Internal server error';
}
