// Small statistics for the soak report.

/** Least-squares slope of `key` against time (`t`, seconds), per hour; null below two points. */
export function slopePerHour<K extends string>(
  samples: readonly ({ t: number } & Record<K, number>)[],
  key: K,
): number | null {
  const points = samples.filter((s) => Number.isFinite(s[key]));
  if (points.length < 2) return null;
  const n = points.length;
  const meanT = points.reduce((a, s) => a + s.t, 0) / n;
  const meanY = points.reduce((a, s) => a + s[key], 0) / n;
  let num = 0;
  let den = 0;
  for (const s of points) {
    num += (s.t - meanT) * (s[key] - meanY);
    den += (s.t - meanT) ** 2;
  }
  return den === 0 ? 0 : Number(((num / den) * 3600).toFixed(3));
}

export interface Spread {
  min: number;
  p50: number;
  p95: number;
  max: number;
}

/** Min, median, 95th percentile and max of the finite values; null when there are none. */
export function summarize(values: readonly number[]): Spread | null {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const at = (q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))] as number;
  const round = (x: number) => Number(x.toFixed(2));
  return {
    min: round(v[0] as number),
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(v[v.length - 1] as number),
  };
}
