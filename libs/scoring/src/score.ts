import type { PartnerAggregate } from './aggregate.js';
import { certIndexFor } from './cert-index.js';
import { type EvalContext, componentValue } from './components.js';
import { componentShortfall, gateShortfall } from './explain.js';
import type { Designation, Metric, MetricCategory, Program, Track } from './program-schema.js';
import { dataIndexFor } from './data-index.js';
import type { ScoreMemo } from './score-memo.js';
import { scoredMonth } from './time.js';

export interface MetricScore {
  id: string;
  category: MetricCategory;
  points: number;
  maxPoints: number;
  /** Σ of the components' values (for one component: its value, e.g. the net customer count). */
  value: number;
  /** Human text: what would bring the metric to full points ("2 more certified people"). */
  missing: string[];
}

export interface TrackScore {
  track: string;
  score: number;
  qualified: boolean;
}

export interface DesignationScore {
  designationId: string;
  /** The chosen (best) track; score, qualified and metrics are that track's. */
  track: string;
  score: number;
  qualified: boolean;
  tracks: TrackScore[];
  metrics: MetricScore[];
}

export interface PartnerScore {
  partnerId: string;
  at: number;
  designations: DesignationScore[];
}

/**
 * truncate2(x) = floor(x·100 + 1e-6) / 100 (spec §1). The epsilon keeps 40 × 3/6 = 19.999…
 * from losing a cent to binary floating point.
 */
export function truncate2(x: number): number {
  return Math.floor(x * 100 + 1e-6) / 100;
}

/** Sums of two-decimal points, rounded back to cents to shed binary noise (72.49999…). */
function sumPoints(points: number[]): number {
  return Math.round(points.reduce((a, b) => a + b, 0) * 100) / 100;
}

export function evalContext(
  program: Program,
  agg: PartnerAggregate,
  at: number,
  explain = true,
): EvalContext {
  const L = scoredMonth(at, program.dataLagDays);
  return {
    at,
    explain,
    L,
    Y: L - 12,
    certs: certIndexFor(agg),
    data: dataIndexFor(agg, program.workloadRates),
    memo: new Map(),
  };
}

/** One component's share of raw progress: min(maxUnits ?? ∞, value) / fullAt (spec §1). */
function componentProgress(c: Metric['components'][number], value: number): number {
  return Math.min(c.maxUnits ?? Infinity, value) / c.fullAt;
}

/** raw = Σ min(maxUnits ?? ∞, value_i) / fullAt_i over the metric's components (spec §1), unclamped. */
export function rawProgress(metric: Metric, values: readonly number[]): number {
  return metric.components.reduce((sum, c, i) => sum + componentProgress(c, values[i] ?? 0), 0);
}

/** points = truncate2(maxPoints × clamp(raw, 0, 1)), 0 when a gate fails (spec §1). */
export function metricPoints(metric: Metric, values: readonly number[], gatesHold: boolean): number {
  return pointsOf(metric, rawProgress(metric, values), gatesHold);
}

function pointsOf(metric: Metric, raw: number, gatesHold: boolean): number {
  return gatesHold ? truncate2(metric.maxPoints * Math.min(1, Math.max(0, raw))) : 0;
}

export function scoreMetric(ctx: EvalContext, metric: Metric): MetricScore {
  if (!ctx.explain) return scoreMetricQuietly(ctx, metric);
  const values = metric.components.map((c) => componentValue(ctx, c));
  const numbers = values.map((v) => v.value);
  const raw = rawProgress(metric, numbers);
  const gateGaps = metric.gates
    .map((g) => gateShortfall(g, ctx.certs.holdersAt(g.certifications, ctx.at)))
    .filter((s): s is string => s !== null);
  const points = metricPoints(metric, numbers, gateGaps.length === 0);
  const shortfall = ctx.explain ? componentShortfall(metric.components, values, raw) : null;
  return {
    id: metric.id,
    category: metric.category,
    points,
    maxPoints: metric.maxPoints,
    value: values.reduce((sum, v) => sum + v.value, 0),
    missing: ctx.explain
      ? [...gateGaps, ...values.flatMap((v) => v.notes), ...(shortfall ? [shortfall] : [])]
      : [],
  };
}

/**
 * scoreMetric without the texts, as the scorer scores (several thousand metrics a second): the
 * same sums in the same order, so the same numbers, without the lists built for the texts.
 */
function scoreMetricQuietly(ctx: EvalContext, metric: Metric): MetricScore {
  let raw = 0;
  let value = 0;
  for (const c of metric.components) {
    const v = componentValue(ctx, c).value;
    raw += componentProgress(c, v);
    value += v;
  }
  let gatesHold = true;
  for (const g of metric.gates) {
    if (ctx.certs.holdersAt(g.certifications, ctx.at) < g.atLeast) {
      gatesHold = false;
      break;
    }
  }
  return {
    id: metric.id,
    category: metric.category,
    points: pointsOf(metric, raw, gatesHold),
    maxPoints: metric.maxPoints,
    value,
    missing: [],
  };
}

export function scoreTrack(
  program: Program,
  ctx: EvalContext,
  track: Track,
): TrackScore & { metrics: MetricScore[] } {
  const metrics = track.metrics.map((m) => scoreMetric(ctx, m));
  const score = sumPoints(metrics.map((m) => m.points));
  const qualified = score >= program.threshold && metrics.every((m) => m.points > 0);
  return { track: track.id, score, qualified, metrics };
}

/**
 * Best-of tracks: a qualifying track beats a non-qualifying one, then the higher total, then the
 * order listed (spec §1 trackSelection "best").
 */
export function scoreDesignation(
  program: Program,
  ctx: EvalContext,
  designation: Designation,
): DesignationScore {
  const tracks = designation.tracks.map((t) => scoreTrack(program, ctx, t));
  let best = tracks[0];
  for (const candidate of tracks.slice(1)) {
    if (!best) break;
    const better =
      (candidate.qualified && !best.qualified) ||
      (candidate.qualified === best.qualified && candidate.score > best.score);
    if (better) best = candidate;
  }
  if (!best) throw new Error(`designation ${designation.id} has no tracks`);
  return {
    designationId: designation.id,
    track: best.track,
    score: best.score,
    qualified: best.qualified,
    tracks: tracks.map(({ track, score, qualified }) => ({ track, score, qualified })),
    metrics: best.metrics,
  };
}

/**
 * Scores every designation of the program at instant `at` (epoch ms).
 * @param at - evaluation instant T: certifications are read at T, revenue/usage at L(T) and Y
 * @param explain - false leaves every metric's `missing` empty: the texts are for people, and the
 *   scorer, which publishes none of them, scores far more often than anyone reads them
 * @param memo - the partner's kept designation scores (score-memo.ts; the scorer's only)
 */
export function scorePartner(
  program: Program,
  agg: PartnerAggregate,
  at: number,
  explain = true,
  memo?: ScoreMemo,
): PartnerScore {
  const ctx = evalContext(program, agg, at, explain);
  return {
    partnerId: agg.partnerId,
    at,
    designations: program.designations.map((d) => {
      const kept = memo?.get(program, d, at, ctx.L, explain, ctx.certs);
      if (kept) return kept;
      const score = scoreDesignation(program, ctx, d);
      memo?.set(program, d, at, ctx.L, explain, score);
      return score;
    }),
  };
}
