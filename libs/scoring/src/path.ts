import { type InputEvent, MAX_ABS_AMOUNT_USD, MAX_COUNT } from '@app/contracts';
import { type PartnerAggregate, applyEvent } from './aggregate.js';
import { cloneAggregate } from './aggregate-codec.js';
import { componentValue, growthOf } from './components.js';
import { measureOf } from './measures.js';
import {
  type Figure,
  addFigure,
  bestWorkloadFor,
  figureOfUnits,
  workloadCandidates,
} from './path-figures.js';
import type { Lever } from './path-levers.js';
import { type MetricChoice, type TrackPlan, centsOf, planTrack } from './path-plan.js';
import type { Designation, GrowthComponent, Metric, Program, Source, Track } from './program-schema.js';
import { evalContext, metricPoints, scoreDesignation, scoreTrack } from './score.js';
import { isoOf, monthKey } from './time.js';

/** One addition of a path, in the program's terms, with the input events that realise it. */
export interface PathSuggestion {
  metricId: string;
  kind: 'certifiedPeople' | 'netQualifying' | 'distinctWorkloads' | 'growth';
  /** People, customers or workloads added; 1 for a growth top-up. Also the number of events. */
  count: number;
  text: string;
  /** Points the track gains when this suggestion is added after the ones listed before it. */
  points: number;
  certification?: string;
  /** Certifications with the same effect as `certification` (any of them will do). */
  alternatives?: string[];
  /** The people only complete a gate (they count in none of the metric's components). */
  forGateOnly?: boolean;
  source?: Source;
  /** The month of the figures: the scored month L. */
  month?: string;
  /** One figure per event, each of its own hypothetical customer. */
  figures?: Figure[];
  events: InputEvent[];
}

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

/** Hypothetical ids no fact of the partner uses yet. */
class FreshIds {
  private person = 0;
  private customer = 0;
  private event = 0;

  constructor(
    private readonly agg: PartnerAggregate,
    private readonly designationId: string,
  ) {}

  nextPerson(): string {
    let id: string;
    do id = `path-person-${++this.person}`;
    while (this.agg.people.has(id));
    return id;
  }

  nextCustomer(): string {
    let id: string;
    do id = `path-customer-${++this.customer}`;
    while (this.agg.customers.has(id));
    return id;
  }

  nextEvent(): string {
    return `path:${this.designationId}:${++this.event}`;
  }
}

type Draft = Omit<PathSuggestion, 'points'>;

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

/** A counted suggestion cut to its first `used` units: count, figures and text follow. */
function shrunk(draft: Draft, used: number, month: string): Draft {
  const figures = draft.figures?.slice(0, used);
  const text = countedText(draft, used, month, figures ?? []);
  return {
    ...draft,
    count: used,
    text,
    events: draft.events.slice(0, used),
    ...(figures ? { figures } : {}),
  };
}

function countedDraft(
  metric: Metric,
  lever: Exclude<Lever, { kind: 'growth' }>,
  n: number,
  ids: FreshIds,
  at: number,
  month: string,
  partnerId: string,
): Draft {
  const occurredAt = isoOf(at);
  if (lever.kind === 'people') {
    const draft: Draft = {
      metricId: metric.id,
      kind: 'certifiedPeople',
      count: n,
      text: '',
      certification: lever.certification,
      alternatives: lever.alternatives,
      forGateOnly: lever.components.length === 0,
      events: Array.from({ length: n }, () => ({
        eventId: ids.nextEvent(),
        type: 'certification.earned' as const,
        partnerId,
        occurredAt,
        data: { individualId: ids.nextPerson(), certificationId: lever.certification, earnedAt: occurredAt },
      })),
    };
    return { ...draft, text: countedText(draft, n, month, []) };
  }
  const figures = lever.figures.slice(0, n);
  const draft: Draft = {
    metricId: metric.id,
    kind: lever.kind === 'customers' ? 'netQualifying' : 'distinctWorkloads',
    count: n,
    text: '',
    source: lever.source,
    month,
    figures,
    events: figures.map((f) => figureEvent(lever.source, f, ids, partnerId, occurredAt, month)),
  };
  return { ...draft, text: countedText(draft, n, month, figures) };
}

function countedText(draft: Draft, n: number, month: string, figures: readonly Figure[]): string {
  const source = draft.source ?? 'revenue';
  switch (draft.kind) {
    case 'certifiedPeople': {
      const alternatives = draft.alternatives?.length ? ` (or any of ${draft.alternatives.join(', ')})` : '';
      return `${n} more ${n === 1 ? 'person' : 'people'} certified in ${draft.certification ?? ''}${alternatives}${draft.forGateOnly ? ' for the gate' : ''}`;
    }
    case 'netQualifying': {
      const values = [...new Set(figures.map((f) => describeValue(source, f)))];
      const workloads = [...new Set(figures.map((f) => f.workload))];
      if (values.length > 1) {
        return `${n} new customers in ${month}, with ${figures.map((f) => describeFigure(source, f)).join('; ')}`;
      }
      return `${n} new customer${n === 1 ? '' : 's'} in ${month}, ${n === 1 ? 'with' : 'each with'} ${values[0] ?? ''} (${workloads.join(', ')})`;
    }
    case 'distinctWorkloads':
    case 'growth':
      return `${source} in ${n} more eligible workload${n === 1 ? '' : 's'} in ${month}: ${figures.map((f) => describeFigure(source, f)).join('; ')}`;
  }
}

/**
 * The least figure that lifts the growth metric to what the track still needs (its shortfall to
 * the threshold, at least 0.01 points), found by doubling and bisecting the added units; null
 * when the metric has enough already.
 */
function growthDraft(
  program: Program,
  clone: PartnerAggregate,
  track: Track,
  metric: Metric,
  component: number,
  ids: FreshIds,
  at: number,
): Draft | null {
  const ctx = evalContext(program, clone, at, false);
  const current = scoreTrack(program, ctx, track);
  const index = track.metrics.indexOf(metric);
  const metricCents = centsOf(current.metrics[index]?.points ?? 0);
  const shortfall = Math.ceil(program.threshold * 100 - 1e-6) - centsOf(current.score);
  let target = Math.max(metricCents === 0 ? 1 : metricCents, metricCents + Math.max(0, shortfall));
  if (target <= metricCents) return null;
  const c = metric.components[component] as GrowthComponent;
  const totalsL = ctx.data.total(c.source, c.workloads, c.window, ctx.L);
  const baseline = measureOf(ctx.data.total(c.source, c.workloads, c.window, ctx.Y), c.measure);
  const workload = bestWorkloadFor(
    c.measure,
    workloadCandidates(program, clone, c.source, c.workloads, 1),
    program.workloadRates,
  );
  if (workload === undefined) return null;
  const rate = program.workloadRates[workload] ?? 0;
  const values = metric.components.map((x) => componentValue(ctx, x).value);
  const gatesHold = metric.gates.every((g) => ctx.certs.holdersAt(g.certifications, at) >= g.atLeast);
  const figureOf = (units: number): Figure => figureOfUnits(c.measure, workload, units, totalsL.paidLicenses);
  const centsWith = (units: number): number => {
    const v = [...values];
    v[component] = growthOf(
      c,
      measureOf(addFigure(totalsL, figureOf(units), rate), c.measure),
      baseline,
    ).value;
    return centsOf(metricPoints(metric, v, gatesHold));
  };
  // One event carries at most the contract's largest figure (contracts §1).
  const maxUnits = c.measure === 'amount' ? MAX_ABS_AMOUNT_USD * 100 : MAX_COUNT;
  let hi = 1;
  while (centsWith(hi) < target && hi < maxUnits) hi = Math.min(maxUnits, hi * 2);
  // A capped component (maxUnits) may not reach the target: take what it gives.
  target = Math.min(target, centsWith(hi));
  if (target <= metricCents) return null;
  let lo = 0;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (centsWith(mid) >= target) hi = mid;
    else lo = mid;
  }
  const figure = figureOf(hi);
  const month = monthKey(ctx.L);
  const before = measureOf(totalsL, c.measure);
  const after = measureOf(addFigure(totalsL, figure, rate), c.measure);
  return {
    metricId: metric.id,
    kind: 'growth',
    count: 1,
    text: `${describeValue(c.source, figure)} more in ${workload} in ${month}: ${c.measure}${c.window === 'ttm' ? ' over 12 months' : ''} ${round2(before)} → ${round2(after)} against ${round2(baseline)} a year earlier (${c.mode} growth)`,
    source: c.source,
    month,
    figures: [figure],
    events: [figureEvent(c.source, figure, ids, clone.partnerId, isoOf(at), month)],
  };
}

function figureEvent(
  source: Source,
  f: Figure,
  ids: FreshIds,
  partnerId: string,
  occurredAt: string,
  month: string,
): InputEvent {
  const envelope = { eventId: ids.nextEvent(), partnerId, occurredAt };
  const customerId = ids.nextCustomer();
  return source === 'revenue'
    ? {
        ...envelope,
        type: 'revenue.recorded',
        data: { customerId, workload: f.workload, month, amountUsd: f.amountUsd ?? 0 },
      }
    : {
        ...envelope,
        type: 'usage.reported',
        data: {
          customerId,
          workload: f.workload,
          month,
          activeUsers: f.activeUsers ?? 0,
          paidLicenses: f.paidLicenses ?? 0,
        },
      };
}

function describeValue(source: Source, f: Figure): string {
  return source === 'revenue'
    ? `${f.amountUsd ?? 0} USD of revenue`
    : `${f.activeUsers ?? 0} active users and ${f.paidLicenses ?? 0} paid licences`;
}

function describeFigure(source: Source, f: Figure): string {
  return `${describeValue(source, f)} in ${f.workload}`;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
