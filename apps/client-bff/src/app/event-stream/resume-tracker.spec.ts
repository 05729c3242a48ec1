import { MISSING_ID_WINDOW, ResumePoint } from '@mini-commerce/contracts';
import { MISSING_ID_TIMEOUT_MS, ResumeTracker } from './resume-tracker';

describe('ResumeTracker', () => {
  const at = 1_000_000;

  it('is at the last id while ids come in order, and has no point before the first', () => {
    const tracker = new ResumeTracker();
    expect(tracker.point(at)).toBeUndefined();

    [5, 6, 7].forEach((id) => tracker.add(id, at));

    expect(String(tracker.point(at))).toBe('7');
  });

  it('leaves the ids an event skipped missing until they come, in any order', () => {
    const tracker = new ResumeTracker(new ResumePoint(10));
    const points = [14, 12, 11, 15, 13].map((id) => {
      tracker.add(id, at);
      return String(tracker.point(at));
    });

    expect(points).toEqual(['14 except 11-13', '14 except 11,13', '14 except 13', '15 except 13', '15']);
  });

  it('starts from where a client resumes, with the ids it still lacks', () => {
    const tracker = new ResumeTracker(new ResumePoint(8, [5, 7]), at);

    tracker.add(5, at);
    expect(String(tracker.point(at))).toBe('8 except 7');
    tracker.add(9, at);
    expect(String(tracker.point(at))).toBe('9 except 7');
  });

  it('gives up an id missing for longer than the timeout (a rolled-back insert)', () => {
    const tracker = new ResumeTracker(new ResumePoint(1), at);
    tracker.add(3, at);
    tracker.add(5, at + 10);

    expect(String(tracker.point(at + MISSING_ID_TIMEOUT_MS))).toBe('5 except 2,4');
    expect(String(tracker.point(at + MISSING_ID_TIMEOUT_MS + 1))).toBe('5 except 4');
    expect(String(tracker.point(at + MISSING_ID_TIMEOUT_MS + 11))).toBe('5');
  });

  it('gives up ids more than the window below the highest, however recent', () => {
    const tracker = new ResumeTracker(new ResumePoint(1), at);
    tracker.add(3, at);
    tracker.add(3 + MISSING_ID_WINDOW, at);

    // 2 is more than the window below; 4 and up are within it.
    expect(tracker.point(at)?.missing).toEqual(idsBetween(4, 2 + MISSING_ID_WINDOW));

    tracker.add(4 + MISSING_ID_WINDOW * 3, at);
    expect(tracker.point(at)?.missing).toHaveLength(MISSING_ID_WINDOW);
    expect(tracker.point(at)?.missing[0]).toBe(4 + MISSING_ID_WINDOW * 2);
  });
});

function idsBetween(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
