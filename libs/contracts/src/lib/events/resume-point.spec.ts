import { MISSING_ID_WINDOW, ResumePoint } from './resume-point';

describe('ResumePoint', () => {
  it.each([
    ['42', 42, []],
    ['42 except 38', 42, [38]],
    ['42 except 38,40-41', 42, [38, 40, 41]],
    ['0', 0, []],
  ])('reads %p as the id and the lower ids still missing', (text, high, missing) => {
    const point = ResumePoint.parse(text);

    expect(point).toEqual(expect.objectContaining({ high, missing }));
    expect(String(point)).toBe(text);
  });

  it.each([
    ['not a number', 'abc'],
    ['a negative id', '-1'],
    ['a fraction', '1.5'],
    ['an exponent', '1e3'],
    ['a leading space', ' 7'],
    ['more than 15 digits', '9'.repeat(16)],
    ['nothing after except', '42 except '],
    ['a missing id at the high', '42 except 42'],
    ['a missing id above the high', '42 except 43'],
    ['ids out of order', '42 except 40,38'],
    ['an id twice', '42 except 38,38'],
    ['overlapping ranges', '42 except 30-35,33'],
    ['a range backwards', '42 except 40-38'],
  ])('names no point for %s', (_case, text) => {
    expect(ResumePoint.parse(text)).toBeUndefined();
  });

  it('drops missing ids further below the high than anything still commits', () => {
    const high = 5 * MISSING_ID_WINDOW;

    const point = ResumePoint.parse(`${high} except 1-${high - MISSING_ID_WINDOW + 1}`);

    expect(point?.missing).toEqual([high - MISSING_ID_WINDOW, high - MISSING_ID_WINDOW + 1]);
  });

  it('tells which events the client lacks, and where history must be read from to find them', () => {
    const point = new ResumePoint(42, [38, 40]);

    expect([37, 38, 39, 40, 42, 43].map((id) => point.lacks(id))).toEqual([false, true, false, true, false, true]);
    expect(point.readFrom).toBe(37);
    expect(new ResumePoint(42).readFrom).toBe(42);
  });

  it('writes consecutive missing ids as one range', () => {
    expect(String(new ResumePoint(50, [10, 11, 12, 20, 22, 23]))).toBe('50 except 10-12,20,22-23');
  });

  describe('merge', () => {
    it("counts the other point's missing ids only above its own high, up to the other's high", () => {
      const own = new ResumePoint(42, [38]);

      expect(String(own.merge(new ResumePoint(50, [40, 45, 47])))).toBe('50 except 38,45,47');
      expect(own.merge(new ResumePoint(41, [39]))).toBe(own);
    });
  });
});
