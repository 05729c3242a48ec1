import { MISSING_ID_WINDOW, ResumePoint } from '@mini-commerce/contracts';
import { MISSING_ID_TIMEOUT_MS, ResumeTracker } from './resume-tracker';

describe('ResumeTracker', () => {
  const at = 1_000_000;
  const pointsAfter = (tracker: ResumeTracker, ids: number[], now = at) =>
    ids.map((id) => String(tracker.add(id, now)));

  it('is at the last id while ids come in order, from the first one', () => {
    expect(pointsAfter(new ResumeTracker(), [5, 6, 7])).toEqual(['5', '6', '7']);
  });

  it('leaves the ids an event skipped missing until they come, in any order', () => {
    expect(pointsAfter(new ResumeTracker(new ResumePoint(10)), [14, 12, 11, 15, 13])).toEqual([
      '14 except 11-13',
      '14 except 11,13',
      '14 except 13',
      '15 except 13',
      '15',
    ]);
  });

  it('starts from where a client resumes, with the ids it still lacks', () => {
    expect(pointsAfter(new ResumeTracker(new ResumePoint(8, [5, 7]), at), [5, 9])).toEqual([
      '8 except 7',
      '9 except 7',
    ]);
  });

  it('can start at a point of its own before any event, but not after one', () => {
    const empty = new ResumeTracker();
    empty.startAt(0);
    const started = new ResumeTracker(new ResumePoint(5));
    started.startAt(0);

    expect([String(empty.add(3, at)), String(started.add(7, at))]).toEqual(['3 except 1-2', '7 except 6']);
  });

  it('gives up an id missing for longer than the timeout (a rolled-back insert)', () => {
    const tracker = new ResumeTracker(new ResumePoint(1), at);
    tracker.add(3, at);
    tracker.add(5, at + 10);

    expect(String(tracker.add(6, at + MISSING_ID_TIMEOUT_MS))).toBe('6 except 2,4');
    expect(String(tracker.add(7, at + MISSING_ID_TIMEOUT_MS + 1))).toBe('7 except 4');
    expect(String(tracker.add(8, at + MISSING_ID_TIMEOUT_MS + 11))).toBe('8');
  });

  it('counts the wait from when the skipped ids were taken, if the event says so', () => {
    const tracker = new ResumeTracker(new ResumePoint(1), at);

    expect(String(tracker.add(3, at, at - MISSING_ID_TIMEOUT_MS))).toBe('3 except 2');
    expect(String(tracker.add(4, at + 1))).toBe('4');
  });

  it('gives up ids more than the window below the highest, however recent', () => {
    const tracker = new ResumeTracker(new ResumePoint(1), at);
    tracker.add(3, at);

    // 2 is more than the window below; 4 and up are within it.
    expect(tracker.add(3 + MISSING_ID_WINDOW, at).missing).toEqual(idsBetween(4, 2 + MISSING_ID_WINDOW));
    const far = tracker.add(4 + MISSING_ID_WINDOW * 3, at).missing;
    expect(far).toHaveLength(MISSING_ID_WINDOW);
    expect(far[0]).toBe(4 + MISSING_ID_WINDOW * 2);
  });
});

function idsBetween(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
