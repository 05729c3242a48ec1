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
  /**
   * Missing id → since when. In ascending id order (ids only ever go missing above
   * the rest), so the ones to give up are found first.
   */
  private readonly missing = new Map<number, number>();

  constructor(start?: ResumePoint, now = Date.now()) {
    if (!start) return;
    this.high = start.high;
    for (const id of start.missing) this.missing.set(id, now);
  }

  /** For a tracker that has no point yet: the client has every event up to `high` (there were none). */
  startAt(high: number): void {
    this.high ??= high;
  }

  /**
   * Records a delivered event and returns the point after it, as of `now`. The ids
   * it skips are missing since `skippedSince` (an event read from history says
   * when they were taken at the latest: its own insert).
   */
  add(id: number, now = Date.now(), skippedSince = now): ResumePoint {
    if (this.high === undefined) {
      this.high = id;
    } else if (id > this.high) {
      for (let skipped = Math.max(this.high + 1, id - MISSING_ID_WINDOW); skipped < id; skipped++) {
        this.missing.set(skipped, skippedSince);
      }
      this.high = id;
    } else {
      this.missing.delete(id);
    }
    this.giveUpOn(now);
    return new ResumePoint(this.high, this.missing.size > 0 ? [...this.missing.keys()] : NO_IDS);
  }

  /** Ids out of the window or missing too long were rolled back: they never come. */
  private giveUpOn(now: number): void {
    const lowest = (this.high ?? 0) - MISSING_ID_WINDOW;
    for (const [id, since] of this.missing) {
      if (id >= lowest && now - since <= MISSING_ID_TIMEOUT_MS) break;
      this.missing.delete(id);
    }
  }
}
