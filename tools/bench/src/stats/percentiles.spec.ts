import { median, medianLatency, quantileOfSorted, ratio, summariseLatencies } from './percentiles';

describe('percentiles', () => {
  it('takes the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantileOfSorted(sorted, 0.5)).toBe(50);
    expect(quantileOfSorted(sorted, 0.99)).toBe(99);
    expect(quantileOfSorted(sorted, 1)).toBe(100);
    expect(quantileOfSorted([], 0.5)).toBeNaN();
  });

  it('summarises unsorted samples', () => {
    expect(summariseLatencies([5, 1, 3, 2, 4])).toEqual({ p50: 3, p99: 5, max: 5 });
  });

  it('takes the median of runs per percentile', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(medianLatency([{ p50: 1, p99: 9, max: 20 }, { p50: 3, p99: 7, max: 10 }, { p50: 2, p99: 8, max: 30 }])).toEqual({
      p50: 2,
      p99: 8,
      max: 20,
    });
  });

  it('refuses a ratio to nothing', () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(3, 0)).toBeNull();
  });
});
