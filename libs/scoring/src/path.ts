import type { InputEvent } from '@app/contracts';
import { type PartnerAggregate, applyEvent } from './aggregate.js';
import { cloneAggregate } from './aggregate-codec.js';
import { type MetricChoice, type TrackPlan, centsOf, planTrack } from './path-plan.js';
import {
  type Draft,
  type PathSuggestion,
  FreshIds,
  countedDraft,
  growthDraft,
  shrunk,
} from './path-suggestions.js';
import type { Designation, Program } from './program-schema.js';
import { evalContext, scoreDesignation, scoreTrack } from './score.js';
import { monthKey } from './time.js';

export interface QualificationPath {
  partnerId: string;
  designationId: string;
  at: number;
  threshold: number;
  /** Whether the designation qualifies at `at` already (then there is nothing to add). */
  qualified: boolean;
  /** The best track's score at `at`. */
  score: number;
  /** The track the path makes qualify (the best track when it qualifies already); null when unreachable. */
  track: string | null;
  reachable: boolean;
  /** Input events the suggestions add (the size of the path). */
  additions: number;
  /** That track's score with every suggestion added, checked by scoring; null when unreachable. */
  scoreAfter: number | null;
  suggestions: PathSuggestion[];
  /** Per track that has no path: why (e.g. growth without a baseline). */
  blocked: { track: string; reasons: string[] }[];
}

/** Re-planning rounds after additions interact in ways the per-metric model does not see. */
const ROUNDS = 3;

/**
 * A smallest set of additions that makes the designation qualify at `at` (docs/path-to-qualify.md):
 * for each track the fewest input events (new certified people, new customers with a figure
 * meeting a floor in the scored month, workloads over a floor, one top-up per growth metric) that
 * bring the total to the threshold with every metric above 0; the track needing the fewest wins
 * (ties: the smaller total, then the order listed). Growth top-ups are the least amount that does
 * it. The result is checked by applying its events to a clone of the aggregate and scoring it:
 * a path is only returned when it qualifies. Pure: `agg` is not changed.
 */
export function pathToQualify(
  program: Program,
  agg: PartnerAggregate,
  designationId: string,
  at: number,
): QualificationPath {
  const designation = program.designations.find((d) => d.id === designationId);
  if (!designation) throw new RangeError(`unknown designation ${designationId}`);
  const ctx = evalContext(program, agg, at, false);
  const now = scoreDesignation(program, ctx, designation);
  const base = {
    partnerId: agg.partnerId,
    designationId,
    at,
    threshold: program.threshold,
    qualified: now.qualified,
    score: now.score,
  };
  if (now.qualified) {
    return {
      ...base,
      track: now.track,
      reachable: true,
      additions: 0,
      scoreAfter: now.score,
      suggestions: [],
      blocked: [],
    };
  }
  const plans = designation.tracks.map((t) => planTrack(program, agg, ctx, t));
  const blocked = plans.flatMap((p) => (p.reachable ? [] : [{ track: p.track.id, reasons: p.blocked }]));
  const ranked = plans
    .filter((p): p is Extract<TrackPlan, { reachable: true }> => p.reachable)
    .sort((a, b) => a.events - b.events || a.cents - b.cents);
  for (const plan of ranked) {
    const realised = realise(program, agg, designation, plan, at);
    if (realised) {
      return {
        ...base,
        track: plan.track.id,
        reachable: true,
        additions: realised.suggestions.reduce((n, s) => n + s.events.length, 0),
        scoreAfter: realised.score,
        suggestions: realised.suggestions,
        blocked,
      };
    }
    blocked.push({ track: plan.track.id, reasons: [`no verified path within ${ROUNDS} rounds`] });
  }
  return { ...base, track: null, reachable: false, additions: 0, scoreAfter: null, suggestions: [], blocked };
}

/**
 * Applies the plan's additions to a clone in order (counted levers, then growth top-ups sized on
 * the clone, so they profit from what the counted additions already raised), scoring the track
 * after each; re-plans on the clone while the designation does not qualify yet.
 */
function realise(
  program: Program,
  agg: PartnerAggregate,
  designation: Designation,
  plan: Extract<TrackPlan, { reachable: true }>,
  at: number,
): { suggestions: PathSuggestion[]; score: number } | null {
  const clone = cloneAggregate(agg);
  const ids = new FreshIds(clone, designation.id);
  const track = plan.track;
  const trackScore = (): number => scoreTrack(program, evalContext(program, clone, at, false), track).score;
  const suggestions: PathSuggestion[] = [];
  let score = trackScore();
  const add = (draft: Draft | null, enough: () => boolean = () => false): void => {
    if (!draft) return;
    // One event at a time: what earlier additions raised already (a new customer's revenue is
    // also growth and maybe a new workload) is not added twice.
    let used = 0;
    while (used < draft.events.length && !enough()) applyEvent(clone, draft.events[used++] as InputEvent);
    if (used === 0) return;
    const after = trackScore();
    const { events, ...kept } = used === draft.count ? draft : shrunk(draft, used, draft.month ?? '');
    suggestions.push({ ...kept, points: Math.round((after - score) * 100) / 100, events });
    score = after;
  };
  let choices: MetricChoice[] = plan.choices;
  const qualifies = (): boolean =>
    scoreDesignation(program, evalContext(program, clone, at, false), designation).qualified;
  // One metric's counted additions per step, then a fresh plan for the rest from the new state:
  // later metrics see what earlier additions raised already (synergies the model cannot see).
  for (let step = 0; step < track.metrics.length + ROUNDS; step++) {
    if (step > 0) {
      if (qualifies()) return { suggestions, score };
      const again = planTrack(program, clone, evalContext(program, clone, at, false), track);
      if (!again.reachable) return null;
      choices = again.choices;
    }
    const before = suggestions.length;
    let counted = false;
    const next = choices.find((c) =>
      c.levers.some((lever, i) => lever.kind !== 'growth' && (c.counts[i] ?? 0) > 0),
    );
    if (next) {
      counted = true;
      const metric = next.state.metric;
      const index = track.metrics.indexOf(metric);
      const month = monthKey(evalContext(program, clone, at, false).L);
      const reached = (): boolean =>
        centsOf(
          scoreTrack(program, evalContext(program, clone, at, false), track).metrics[index]?.points ?? 0,
        ) >= next.cents;
      next.levers.forEach((lever, i) => {
        const n = next.counts[i] ?? 0;
        if (n > 0 && lever.kind !== 'growth') {
          add(countedDraft(metric, lever, n, ids, at, month, clone.partnerId), reached);
        }
      });
    } else {
      // Only growth is left: each top-up is sized to what the track still lacks.
      for (const choice of choices) {
        choice.levers.forEach((lever, i) => {
          if (lever.kind === 'growth' && (choice.counts[i] ?? 0) > 0) {
            add(growthDraft(program, clone, track, choice.state.metric, lever.component, ids, at));
          }
        });
      }
    }
    // A counted step that added nothing (earlier additions reached its metric) re-plans; a growth
    // step that added nothing cannot get further.
    if (!counted && suggestions.length === before && !qualifies()) return null;
  }
  return qualifies() ? { suggestions, score } : null;
}
