/**
 * How far below the highest id an id not delivered yet is still waited for. Ids are
 * taken when a row is inserted and become visible when it commits, so events commit a
 * little out of id order; an id that stays missing longer was rolled back and never
 * comes. Ids further below are dropped from a resume point.
 */
export const MISSING_ID_WINDOW = 1_000;

const RESUME_ID = /^(\d{1,15})(?: except (\d{1,15}(?:-\d{1,15})?(?:,\d{1,15}(?:-\d{1,15})?)*))?$/;

export const NO_IDS: readonly number[] = Object.freeze([]);

/**
 * Where a client resumes the event stream: it has every event up to `high` except
 * the `missing` ids (ascending), which may still commit. It is the SSE `id:` of each
 * frame, so a browser sends it back as Last-Event-ID: `"42"`, or `"42 except 38,40-41"`
 * while ids below the highest are not delivered yet. A bare event id is the same as a
 * point with nothing missing.
 */
export class ResumePoint {
  private text?: string;

  constructor(
    readonly high: number,
    readonly missing: readonly number[] = NO_IDS,
  ) {}

  /** The point a Last-Event-ID names, or undefined if it names none. Ids outside the window are dropped. */
  static parse(text: string): ResumePoint | undefined {
    const match = RESUME_ID.exec(text);
    if (!match) return undefined;
    const high = Number(match[1]);
    const missing: number[] = [];
    let previous = -1;
    for (const range of match[2]?.split(',') ?? []) {
      const [first, last = first] = range.split('-').map(Number);
      if (first <= previous || first > last || last >= high) return undefined;
      for (let id = Math.max(first, high - MISSING_ID_WINDOW); id <= last; id++) missing.push(id);
      previous = last;
    }
    return new ResumePoint(high, missing.length > 0 ? missing : NO_IDS);
  }

  /** Whether the client lacks this event. */
  lacks(id: number): boolean {
    return id > this.high || this.missing.includes(id);
  }

  /** The id after which history must be read to find every event the client lacks. */
  get readFrom(): number {
    return this.missing.length > 0 ? this.missing[0] - 1 : this.high;
  }

  /**
   * What a client has that got this point's events and `other`'s: this point is
   * authoritative up to its own high, so `other`'s missing ids count only above it.
   */
  merge(other: ResumePoint): ResumePoint {
    if (other.high <= this.high) return this;
    const missing = [...this.missing, ...other.missing.filter((id) => id > this.high)];
    return new ResumePoint(other.high, missing);
  }

  /** `42`, or `42 except 38,40-41`: consecutive ids (a multi-row insert's) as one range. */
  toString(): string {
    this.text ??= this.missing.length === 0 ? String(this.high) : `${this.high} except ${ranges(this.missing)}`;
    return this.text;
  }
}

function ranges(ids: readonly number[]): string {
  const parts: string[] = [];
  for (let start = 0; start < ids.length; ) {
    let end = start;
    while (end + 1 < ids.length && ids[end + 1] === ids[end] + 1) end++;
    parts.push(end === start ? String(ids[start]) : `${ids[start]}-${ids[end]}`);
    start = end + 1;
  }
  return parts.join(',');
}
