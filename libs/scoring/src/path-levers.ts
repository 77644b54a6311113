import type { PartnerAggregate } from './aggregate.js';
import { type EvalContext, componentValue } from './components.js';
import { measureOf, meetsFloor } from './measures.js';
import { type Figure, bestWorkloadFor, leastFigureMeeting, workloadCandidates } from './path-figures.js';
import type {
  DistinctWorkloadsComponent,
  Metric,
  NetQualifyingComponent,
  Program,
  Source,
} from './program-schema.js';
import { metricPoints, rawProgress } from './score.js';

/**
 * What can be added to raise one metric, in the program's own terms. Every lever only adds (new
 * people, new customers, more of a measure in the scored month L), so a metric never loses
 * points by pulling one; each unit of a counted lever is one input event.
 */
export type Lever =
  /** People earning `certification` (or any alternative with the same effect): +1 in each listed component and gate. */
  | {
      kind: 'people';
      certification: string;
      alternatives: string[];
      components: number[];
      gates: number[];
      bound: number;
    }
  /** New customers, each with one figure meeting a netQualifying floor in L (the i-th unit: figures[i]). */
  | { kind: 'customers'; component: number; source: Source; figures: Figure[]; bound: number }
  /** Workloads brought over a distinctWorkloads floor, cheapest first; one figure each. */
  | { kind: 'workloads'; component: number; source: Source; figures: Figure[]; bound: number }
  /** One figure raising a growth component's V(L); its size is settled when the path is realised. */
  | { kind: 'growth'; component: number; bound: 1 };

/** Units per lever above which a path is not looked for (a metric's fullAt is rarely above 30). */
const MAX_UNITS = 60;
/** Lever-count combinations tried per metric; larger bounds are narrowed first. */
const MAX_COMBINATIONS = 200_000;

export interface MetricState {
  metric: Metric;
  values: number[];
  holders: number[];
}

export function metricState(ctx: EvalContext, metric: Metric): MetricState {
  return {
    metric,
    values: metric.components.map((c) => componentValue(ctx, c).value),
    holders: metric.gates.map((g) => ctx.certs.holdersAt(g.certifications, ctx.at)),
  };
}

export interface MetricLevers {
  levers: Lever[];
  /** Why a component cannot be raised by additions (e.g. growth without a baseline). */
  blocked: string[];
}

/** The levers of one metric at the context's instant. */
export function leversOf(
  program: Program,
  agg: PartnerAggregate,
  ctx: EvalContext,
  state: MetricState,
): MetricLevers {
  const { metric, values, holders } = state;
  const gap = 1 - rawProgress(metric, values);
  const unitsToFill = (i: number): number => {
    const c = metric.components[i];
    if (!c) return 0;
    const value = values[i] ?? 0;
    const headroom = c.maxUnits === undefined ? Infinity : Math.max(0, Math.ceil(c.maxUnits - value - 1e-9));
    return Math.min(MAX_UNITS, headroom, Math.max(0, Math.ceil(gap * c.fullAt - 1e-9)));
  };
  const levers: Lever[] = [];
  const blocked: string[] = [];
  levers.push(...peopleLevers(metric, holders, unitsToFill));
  metric.components.forEach((c, i) => {
    if (c.kind === 'certifiedPeople') return;
    const bound = unitsToFill(i);
    if (c.kind === 'netQualifying') {
      const figures = customerFigures(program, agg, c, bound);
      if (figures.length > 0) {
        levers.push({ kind: 'customers', component: i, source: c.source, figures, bound });
      } else {
        blocked.push(`${metric.id}: no single ${c.source} figure of an eligible workload meets the floor`);
      }
    } else if (c.kind === 'distinctWorkloads') {
      const figures = workloadFigures(program, agg, ctx, c, bound);
      if (figures.length > 0) {
        levers.push({
          kind: 'workloads',
          component: i,
          source: c.source,
          figures,
          bound: Math.min(bound, figures.length),
        });
      } else blocked.push(`${metric.id}: no further eligible workload can be named`);
    } else {
      const reason = growthBlocked(program, agg, ctx, c);
      if (reason) blocked.push(`${metric.id}: ${reason}`);
      else levers.push({ kind: 'growth', component: i, bound: 1 });
    }
  });
  return { levers, blocked };
}

/** One lever per distinct effect (the components and gates a certification counts in). */
function peopleLevers(metric: Metric, holders: number[], unitsToFill: (i: number) => number): Lever[] {
  const effects = new Map<string, { components: number[]; gates: number[] }>();
  const note = (cert: string, into: 'components' | 'gates', index: number): void => {
    let e = effects.get(cert);
    if (!e) effects.set(cert, (e = { components: [], gates: [] }));
    if (!e[into].includes(index)) e[into].push(index);
  };
  metric.components.forEach((c, i) => {
    if (c.kind === 'certifiedPeople') for (const cert of c.certifications) note(cert, 'components', i);
  });
  metric.gates.forEach((g, i) => {
    for (const cert of g.certifications) note(cert, 'gates', i);
  });
  const bySignature = new Map<string, Extract<Lever, { kind: 'people' }>>();
  for (const [cert, e] of effects) {
    const signature = JSON.stringify(e);
    const existing = bySignature.get(signature);
    if (existing) {
      existing.alternatives.push(cert);
      continue;
    }
    const gateNeed = Math.max(0, ...e.gates.map((g) => (metric.gates[g]?.atLeast ?? 0) - (holders[g] ?? 0)));
    const bound = Math.min(MAX_UNITS, Math.max(gateNeed, ...e.components.map(unitsToFill)));
    bySignature.set(signature, { kind: 'people', certification: cert, alternatives: [], ...e, bound });
  }
  return [...bySignature.values()].filter((l) => l.bound > 0);
}

/**
 * One figure per new customer. Spread over eligible workloads the partner has no figures of yet
 * (then its own), so that the customers can also count as new workloads or usage elsewhere; mcv
 * takes the workload with the highest rate.
 */
function customerFigures(
  program: Program,
  agg: PartnerAggregate,
  c: NetQualifyingComponent,
  n: number,
): Figure[] {
  const candidates = workloadCandidates(program, agg, c.source, c.workloads, n);
  const own = new Set<string>();
  for (const facts of agg.customers.values()) for (const w of facts[c.source].keys()) own.add(w);
  const best = bestWorkloadFor(c.measure, candidates, program.workloadRates);
  const ordered =
    c.measure === 'mcv'
      ? best === undefined
        ? []
        : [best]
      : [...candidates.filter((w) => !own.has(w)), ...candidates.filter((w) => own.has(w))];
  const figures: Figure[] = [];
  for (const workload of ordered) {
    const figure = leastFigureMeeting(c.measure, c, workload, program.workloadRates[workload] ?? 0);
    if (figure) figures.push(figure);
    if (figures.length === n) break;
  }
  // Fewer workloads than customers: the customers share them.
  for (let i = 0; figures.length > 0 && figures.length < n; i++) figures.push(figures[i] as Figure);
  return figures;
}

/**
 * Figures that each bring one more workload over the floor, least amount first: a top-up of an
 * eligible revenue workload below the floor, or a first figure of a workload without one.
 */
function workloadFigures(
  program: Program,
  agg: PartnerAggregate,
  ctx: EvalContext,
  c: DistinctWorkloadsComponent,
  need: number,
): Figure[] {
  const current = ctx.data.byWorkload(c.source, c.workloads, c.window, ctx.L);
  const rates = program.workloadRates;
  const out: { figure: Figure; cost: number }[] = [];
  for (const workload of workloadCandidates(program, agg, c.source, c.workloads, need)) {
    const totals = current.get(workload);
    if (!totals) {
      const figure = leastFigureMeeting(c.measure, c, workload, rates[workload] ?? 0);
      if (figure) out.push({ figure, cost: figure.amountUsd ?? figure.activeUsers ?? 0 });
    } else if (c.measure === 'amount' && !meetsFloor(measureOf(totals, 'amount'), c)) {
      // Revenue adds up across customers: top the workload up to the floor.
      const lower = Math.max(c.atLeast ?? c.greaterThan ?? 0, totals.cents / 100);
      for (
        let cents = Math.max(1, Math.ceil(lower * 100 - 1e-6) - totals.cents);
        cents < Math.ceil(lower * 100) - totals.cents + 4;
        cents++
      ) {
        if (meetsFloor((totals.cents + cents) / 100, c)) {
          out.push({ figure: { workload, amountUsd: cents / 100 }, cost: cents / 100 });
          break;
        }
      }
    }
  }
  return out.sort((a, b) => a.cost - b.cost).map((x) => x.figure);
}

function growthBlocked(
  program: Program,
  agg: PartnerAggregate,
  ctx: EvalContext,
  c: Extract<Metric['components'][number], { kind: 'growth' }>,
): string | null {
  const baseline = measureOf(ctx.data.total(c.source, c.workloads, c.window, ctx.Y), c.measure);
  if (c.minBaseline !== undefined && baseline < c.minBaseline) {
    return `growth needs a baseline (same month last year) of at least ${c.minBaseline} ${c.measure}; it is ${round2(baseline)}, and the past is not added to`;
  }
  if (c.mode === 'percent' && baseline <= 0) {
    return `percent growth needs a baseline (same month last year) above 0; it is ${round2(baseline)}, and the past is not added to`;
  }
  if (
    c.measure === 'mcv' &&
    bestWorkloadFor('mcv', workloadCandidates(program, agg, c.source, c.workloads), program.workloadRates) ===
      undefined
  ) {
    return 'no eligible workload has an mcv rate';
  }
  return null;
}

export interface MetricOption {
  events: number;
  /** The metric's points with these additions, in cents. */
  cents: number;
  counts: number[];
}

/**
 * For every number of added events, the most points the metric reaches with that many (only the
 * counts that raise the points), by trying every combination of lever counts up to their bounds.
 */
export function metricOptions(state: MetricState, levers: Lever[]): MetricOption[] {
  const bounds = levers.map((l) => l.bound);
  const combinations = (): number => bounds.reduce((p, b) => p * (b + 1), 1);
  while (combinations() > MAX_COMBINATIONS) {
    const largest = bounds.indexOf(Math.max(...bounds));
    bounds[largest] = Math.floor((bounds[largest] as number) / 2);
  }
  const best = new Map<number, MetricOption>();
  const counts = new Array<number>(levers.length).fill(0);
  const visit = (i: number): void => {
    if (i === levers.length) {
      const events = counts.reduce((a, b) => a + b, 0);
      const cents = Math.round(pointsWith(state, levers, counts) * 100);
      const known = best.get(events);
      if (!known || cents > known.cents) best.set(events, { events, cents, counts: [...counts] });
      return;
    }
    for (let n = 0; n <= (bounds[i] as number); n++) {
      counts[i] = n;
      visit(i + 1);
    }
    counts[i] = 0;
  };
  visit(0);
  const options: MetricOption[] = [];
  for (const option of [...best.values()].sort((a, b) => a.events - b.events)) {
    const last = options[options.length - 1];
    if (!last || option.cents > last.cents) options.push(option);
  }
  return options;
}

/** The metric's points after adding `counts` units of each lever (growth: as much as the metric takes). */
export function pointsWith(state: MetricState, levers: Lever[], counts: number[]): number {
  const values = [...state.values];
  const holders = [...state.holders];
  levers.forEach((lever, i) => {
    const n = counts[i] ?? 0;
    if (n === 0) return;
    if (lever.kind === 'people') {
      for (const c of lever.components) values[c] = (values[c] ?? 0) + n;
      for (const g of lever.gates) holders[g] = (holders[g] ?? 0) + n;
    } else if (lever.kind === 'growth') values[lever.component] = Infinity;
    else values[lever.component] = (values[lever.component] ?? 0) + n;
  });
  const gatesHold = state.metric.gates.every((g, i) => (holders[i] ?? 0) >= g.atLeast);
  return metricPoints(state.metric, values, gatesHold);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
