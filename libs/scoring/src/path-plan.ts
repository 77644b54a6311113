import type { PartnerAggregate } from './aggregate.js';
import type { EvalContext } from './components.js';
import {
  type Lever,
  type MetricOption,
  type MetricState,
  leversOf,
  metricOptions,
  metricState,
} from './path-levers.js';
import type { Program, Track } from './program-schema.js';

/** The additions chosen for one metric: how many units of each of its levers. */
export interface MetricChoice {
  state: MetricState;
  levers: Lever[];
  counts: number[];
  /** The metric's points (cents) the model expects from these counts. */
  cents: number;
}

export type TrackPlan =
  | { track: Track; reachable: true; events: number; cents: number; choices: MetricChoice[] }
  | { track: Track; reachable: false; blocked: string[] };

/** Points as integer cents: metric points are truncated to cents, so sums compare exactly. */
export const centsOf = (points: number): number => Math.round(points * 100);

/**
 * The smallest additions that make one track qualify, by the per-metric model of path-levers.ts:
 * each metric's options (events → most points), then a knapsack over the metrics on integer
 * cents that finds the fewest events with total ≥ threshold and every metric above 0; among
 * those, the smallest total (least overshoot), then the first found in metric order.
 */
export function planTrack(
  program: Program,
  agg: PartnerAggregate,
  ctx: EvalContext,
  track: Track,
): TrackPlan {
  const thresholdCents = Math.ceil(program.threshold * 100 - 1e-6);
  const perMetric: { state: MetricState; levers: Lever[]; options: MetricOption[] }[] = [];
  const blocked: string[] = [];
  for (const metric of track.metrics) {
    const state = metricState(ctx, metric);
    const { levers, blocked: why } = leversOf(program, agg, ctx, state);
    // Every metric must end above 0: only options with points count.
    const options = metricOptions(state, levers).filter((o) => o.cents > 0);
    if (options.length === 0) {
      blocked.push(...(why.length > 0 ? why : [`${metric.id}: cannot be raised above 0 by additions`]));
    }
    perMetric.push({ state, levers, options });
  }
  if (blocked.length > 0) return { track, reachable: false, blocked };

  // best[cents] = the fewest events reaching exactly that total, with the options chosen.
  let best = new Map<number, { events: number; picks: number[] }>([[0, { events: 0, picks: [] }]]);
  for (const { options } of perMetric) {
    const next = new Map<number, { events: number; picks: number[] }>();
    for (const [cents, state] of best) {
      options.forEach((option, i) => {
        const total = cents + option.cents;
        const events = state.events + option.events;
        const known = next.get(total);
        if (!known || events < known.events) next.set(total, { events, picks: [...state.picks, i] });
      });
    }
    best = next;
  }
  let chosen: { cents: number; events: number; picks: number[] } | null = null;
  for (const [cents, state] of best) {
    if (cents < thresholdCents) continue;
    if (!chosen || state.events < chosen.events || (state.events === chosen.events && cents < chosen.cents)) {
      chosen = { cents, ...state };
    }
  }
  if (!chosen) {
    return { track, reachable: false, blocked: ['the metrics together cannot reach the threshold'] };
  }
  const picks = chosen.picks;
  return {
    track,
    reachable: true,
    events: chosen.events,
    cents: chosen.cents,
    choices: perMetric.map(({ state, levers, options }, i) => {
      const option = options[picks[i] as number] as MetricOption;
      return { state, levers, counts: option.counts, cents: option.cents };
    }),
  };
}
