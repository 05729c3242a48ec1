import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { IDEMPOTENCY_KEY_HEADER, type CreateOrderDto, type OrderDto } from '@mini-commerce/contracts';
import type { ClientOrder } from '../checks/history';
import type { Random } from '../random';
import { clientAgent, postJson } from './http-post';
import { randomOrder } from './order-body';

/** Answers after which the client tries again with the same key: the system said "not now", or said nothing. */
const RETRYABLE = new Set([0, 429, 500, 502, 503, 504]);
const REQUEST_TIMEOUT_MS = 10_000;
/** Connections to the BFF; checkouts beyond that wait in the client, as behind a browser's connection limit. */
const MAX_CONNECTIONS = 32;
const RETRY_BASE_MS = 200;
const RETRY_MAX_MS = 2_000;
/** A checkout the system could not take for this long is given up (and reported). */
const GIVE_UP_AFTER_MS = 90_000;

export interface PlacedOrder extends ClientOrder {
  body: CreateOrderDto;
  /** When the first POST was sent (epoch ms). */
  firstAttemptAt: number;
  acceptedAt?: number;
}

/** How the checkouts sent during one phase were answered. */
export interface ClientStats {
  posts: number;
  /** Answers by HTTP status; "network" = refused/reset, "timeout" = no answer in 10 s. */
  answers: Record<string, number>;
  /**
   * The slowest answer of any kind, in ms, counted from the moment the request had a
   * connection (time waiting for one of the client's connections is not the system's).
   * The "503 within 2 s" promise shows here during the MariaDB outage.
   */
  slowestAnswerMs: number;
  /** The slowest answer per kind ("201", "503", "network", "timeout"…), same clock. */
  slowestByAnswerMs: Record<string, number>;
}

export interface LoadOptions {
  bffUrl: string;
  ordersPerSecond: number;
  random: Random;
  /** The fault running right now; each checkout and each POST is counted under it. */
  phase: () => string;
  log: (message: string) => void;
}

/**
 * An open-loop shopper: starts `ordersPerSecond` checkouts per second however
 * the system is doing, each with its own Idempotency-Key. A POST that fails
 * (503 while the database is away, refused while the BFF restarts, a timeout)
 * is sent again with the same key and body — the client contract — until it
 * is answered 201 or a 4xx, or for at most 90 s.
 */
export class SteadyLoad {
  readonly orders: PlacedOrder[] = [];
  readonly stats = new Map<string, ClientStats>();
  private readonly runId = randomBytes(4).toString('hex');
  private readonly inFlight = new Set<Promise<void>>();
  private readonly agent = clientAgent(MAX_CONNECTIONS);
  private timer: NodeJS.Timeout | null = null;
  private endOfRun = false;
  private startedAt = 0;

  constructor(private readonly options: LoadOptions) {}

  start(): void {
    this.startedAt = Date.now();
    // Catch up to the rate on every tick, so a slow event loop does not lower the load.
    this.timer = setInterval(() => {
      const due = Math.floor(((Date.now() - this.startedAt) * this.options.ordersPerSecond) / 1000);
      while (this.orders.length < due) this.place();
    }, 20);
  }

  /** Stops starting checkouts; those in progress keep retrying. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Ends the run's checkouts now: no new ones, retries give up at their next attempt, connections close. */
  abort(): void {
    this.stop();
    this.endOfRun = true;
    this.agent.destroy();
  }

  /**
   * Waits until every checkout has its outcome (accepted, refused or given up),
   * then closes the connections. Checkouts still retrying after `timeoutMs` are
   * given up at their next attempt ("the run ended").
   */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = setTimeout(() => (this.endOfRun = true), timeoutMs);
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    clearTimeout(deadline);
    this.agent.destroy();
  }

  get pending(): number {
    return this.inFlight.size;
  }

  private place(): void {
    const order: PlacedOrder = {
      idempotencyKey: `chaos-${this.runId}-${this.orders.length + 1}`,
      phase: this.options.phase(),
      body: randomOrder(this.options.random),
      amount: 0,
      outcome: 'pending',
      attempts: 0,
      firstAttemptAt: Date.now(),
    };
    order.amount = order.body.amount;
    this.orders.push(order);
    const running = this.checkout(order).finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }

  private async checkout(order: PlacedOrder): Promise<void> {
    for (;;) {
      order.attempts++;
      const answer = await this.post(order);
      if (answer.status === 201 && answer.order) {
        order.outcome = 'accepted';
        order.orderId = answer.order.id;
        order.acceptedAt = Date.now();
        return;
      }
      order.lastError = answer.error;
      if (!RETRYABLE.has(answer.status)) {
        order.outcome = 'rejected';
        this.options.log(`checkout ${order.idempotencyKey} refused: ${answer.error}`);
        return;
      }
      if (Date.now() - order.firstAttemptAt > GIVE_UP_AFTER_MS || this.endOfRun) {
        order.outcome = 'abandoned';
        if (this.endOfRun) order.lastError = `${answer.error} (still failing when the run ended)`;
        this.options.log(`checkout ${order.idempotencyKey} given up after ${order.attempts} attempts: ${order.lastError}`);
        return;
      }
      const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (order.attempts - 1));
      await sleep(ceiling / 2 + (this.options.random.next() * ceiling) / 2);
    }
  }

  private async post(order: PlacedOrder): Promise<{ status: number; order?: OrderDto; error: string }> {
    const stats = this.statsOf(this.options.phase());
    stats.posts++;
    const answer = await postJson(
      `${this.options.bffUrl}/api/orders`,
      JSON.stringify(order.body),
      { [IDEMPOTENCY_KEY_HEADER]: order.idempotencyKey },
      this.agent,
      REQUEST_TIMEOUT_MS,
    );
    const label = answer.failure ?? String(answer.status);
    stats.answers[label] = (stats.answers[label] ?? 0) + 1;
    stats.slowestAnswerMs = Math.max(stats.slowestAnswerMs, answer.answerMs);
    stats.slowestByAnswerMs[label] = Math.max(stats.slowestByAnswerMs[label] ?? 0, answer.answerMs);
    if (answer.status === 201) return { status: 201, order: JSON.parse(answer.body) as OrderDto, error: '' };
    return { status: answer.status, error: answer.error ?? `HTTP ${answer.status} ${answer.body.slice(0, 200)}` };
  }

  private statsOf(phase: string): ClientStats {
    let stats = this.stats.get(phase);
    if (!stats) {
      stats = { posts: 0, answers: {}, slowestAnswerMs: 0, slowestByAnswerMs: {} };
      this.stats.set(phase, stats);
    }
    return stats;
  }
}
