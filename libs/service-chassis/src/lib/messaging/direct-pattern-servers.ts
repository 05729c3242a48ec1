import { type MessageHandler, ServerRedis, ServerTCP } from '@nestjs/microservices';

/*
 * Nest finds a message's handler by first trying `JSON.parse` on its pattern, for
 * object patterns. Every pattern here is a plain string, so that parse throws — and
 * captures a stack — on every message: 8–13 % of the worker's and the BFF's CPU under
 * load (docs/performance.md). These servers look a string pattern up directly and
 * leave anything else to Nest.
 */

export class DirectPatternServerTCP extends ServerTCP {
  override getHandlerByPattern(pattern: string): MessageHandler | null {
    return this.getHandlers().get(pattern) ?? super.getHandlerByPattern(pattern);
  }
}

export class DirectPatternServerRedis extends ServerRedis {
  override getHandlerByPattern(pattern: string): MessageHandler | null {
    return this.getHandlers().get(pattern) ?? super.getHandlerByPattern(pattern);
  }
}
