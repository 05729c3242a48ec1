/** Latency figures reported everywhere, in milliseconds. */
export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
}

/** The value at quantile `q` (0..1) of already sorted samples (nearest rank). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function summariseLatencies(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples as ArrayLike<number>).sort();
  return {
    p50: round(quantileOfSorted(sorted, 0.5)),
    p99: round(quantileOfSorted(sorted, 0.99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : Number.NaN),
  };
}

export function median(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const middle = finite.length >> 1;
  return finite.length % 2 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
}

/** The median of each percentile across runs: how every multi-run figure is reported. */
export function medianLatency(runs: readonly LatencySummary[]): LatencySummary {
  return {
    p50: round(median(runs.map((run) => run.p50))),
    p99: round(median(runs.map((run) => run.p99))),
    max: round(median(runs.map((run) => run.max))),
  };
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** a / b rounded, or null when b is not a positive number. */
export function ratio(a: number, b: number, digits = 3): number | null {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? round(a / b, digits) : null;
}
