import { MISSING_ID_WINDOW, NO_IDS, ResumePoint } from '@mini-commerce/contracts';

/**
 * How long an id not delivered yet is waited for: MISSING_ID_WINDOW bounds the
 * wait at high rates, this at low ones.
 */
export const MISSING_ID_TIMEOUT_MS = 10_000;

/**
 * The events delivered so far, as a resume point that moves with each one: an id
 * above the highest leaves the ids it skipped missing until they come, leave
 * the window or time out.
 */
export class ResumeTracker {
  private high?: number;
  /** Missing id → when it went missing. Kept in ascending id order: ids only ever go missing above the rest. */
  private readonly missing = new Map<number, number>();

  constructor(start?: ResumePoint, now = Date.now()) {
    if (!start) return;
    this.high = start.high;
    for (const id of start.missing) this.missing.set(id, now);
  }

  add(id: number, now = Date.now()): void {
    if (this.high === undefined) {
      this.high = id;
    } else if (id > this.high) {
      for (let skipped = Math.max(this.high + 1, id - MISSING_ID_WINDOW); skipped < id; skipped++) {
        this.missing.set(skipped, now);
      }
      this.high = id;
    } else {
      this.missing.delete(id);
    }
  }

  /** Undefined until the first event. */
  point(now = Date.now()): ResumePoint | undefined {
    if (this.high === undefined) return undefined;
    for (const [id, since] of this.missing) {
      if (id >= this.high - MISSING_ID_WINDOW && now - since <= MISSING_ID_TIMEOUT_MS) break;
      this.missing.delete(id);
    }
    return new ResumePoint(this.high, this.missing.size > 0 ? [...this.missing.keys()] : NO_IDS);
  }
}
