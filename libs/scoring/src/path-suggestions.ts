import { type InputEvent, MAX_ABS_AMOUNT_USD, MAX_COUNT } from '@app/contracts';
import type { PartnerAggregate } from './aggregate.js';
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
import { centsOf } from './path-plan.js';
import type { GrowthComponent, Metric, Program, Source, Track } from './program-schema.js';
import { evalContext, metricPoints, scoreTrack } from './score.js';
import { isoOf, monthKey } from './time.js';

// The suggestions of a path (pathToQualify): each addition as the input events that realise it,
// with hypothetical ids, and the sentence that says it in the program's terms.

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

/** Hypothetical ids no fact of the partner uses yet. */
export class FreshIds {
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

export type Draft = Omit<PathSuggestion, 'points'>;

/** A counted suggestion cut to its first `used` units: count, figures and text follow. */
export function shrunk(draft: Draft, used: number, month: string): Draft {
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

export function countedDraft(
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
export function growthDraft(
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
