import { type CertificationHolders, countHolders } from './certifications.js';
import { type DataIndex, customerOfPair, meetsFloor, measureOf, windowMonths } from './measures.js';
import type {
  Component,
  DistinctWorkloadsComponent,
  GrowthComponent,
  NetQualifyingComponent,
} from './program-schema.js';

/** What every component reads at an evaluation instant T (spec §1 "Component kinds"). */
export interface EvalContext {
  at: number;
  /** The scored month L and Y = L − 12, as month indexes. */
  L: number;
  Y: number;
  holders: CertificationHolders;
  data: DataIndex;
  /** Component values by signature: designations share components (the three Azure ones share three). */
  memo: Map<string, ComponentValue>;
}

export interface ComponentValue {
  value: number;
  /** Why a guard forced the value to 0 (growth baseline/current floors), for explanations. */
  notes: string[];
}

const signatures = new WeakMap<Component, string>();

/** What determines a component's value: everything but fullAt, maxUnits and label. */
function signatureOf(c: Component): string {
  let signature = signatures.get(c);
  if (signature === undefined) {
    const { fullAt: _fullAt, maxUnits: _maxUnits, label: _label, ...rest } = c;
    signature = JSON.stringify(rest);
    signatures.set(c, signature);
  }
  return signature;
}

export function componentValue(ctx: EvalContext, c: Component): ComponentValue {
  const signature = signatureOf(c);
  let value = ctx.memo.get(signature);
  if (!value) {
    value = computeValue(ctx, c);
    ctx.memo.set(signature, value);
  }
  return value;
}

function computeValue(ctx: EvalContext, c: Component): ComponentValue {
  switch (c.kind) {
    case 'certifiedPeople':
      return { value: countHolders(ctx.holders, c.certifications), notes: [] };
    case 'netQualifying':
      return { value: qualifying(ctx, c, ctx.L).size - qualifying(ctx, c, ctx.Y).size, notes: [] };
    case 'growth':
      return growth(ctx, c);
    case 'distinctWorkloads':
      return { value: distinctWorkloads(ctx, c), notes: [] };
  }
}

/** Q(m): customers (or customer-workload pairs) whose measure over the window ending at m meets the floor. */
function qualifying(ctx: EvalContext, c: NetQualifyingComponent, m: number): Set<string> {
  if (c.window !== 'twoMonths') return qualifyingIn(ctx, c, windowMonths(c.window, m));
  // twoMonths: met in m or in m − 1, each month judged on its own.
  const set = qualifyingIn(ctx, c, [m]);
  for (const key of qualifyingIn(ctx, c, [m - 1])) set.add(key);
  return set;
}

function qualifyingIn(ctx: EvalContext, c: NetQualifyingComponent, months: number[]): Set<string> {
  const set = new Set<string>();
  if (c.per === 'customer' && c.combine === 'sum') {
    for (const [customer, totals] of ctx.data.group(c.source, c.workloads, months, 'customer')) {
      if (meetsFloor(measureOf(totals, c.measure), c)) set.add(customer);
    }
    return set;
  }
  const pairs = ctx.data.group(c.source, c.workloads, months, 'pair');
  if (c.per === 'customerWorkload') {
    for (const [pair, totals] of pairs) if (meetsFloor(measureOf(totals, c.measure), c)) set.add(pair);
    return set;
  }
  // combine max: the customer's best eligible workload decides ("one workload with > 300 licences").
  const best = new Map<string, number>();
  for (const [pair, totals] of pairs) {
    const customer = customerOfPair(pair);
    best.set(customer, Math.max(best.get(customer) ?? -Infinity, measureOf(totals, c.measure)));
  }
  for (const [customer, value] of best) if (meetsFloor(value, c)) set.add(customer);
  return set;
}

function growth(ctx: EvalContext, c: GrowthComponent): ComponentValue {
  const total = (m: number): number =>
    measureOf(ctx.data.total(c.source, c.workloads, windowMonths(c.window, m)), c.measure);
  const current = total(ctx.L);
  const baseline = total(ctx.Y);
  const notes: string[] = [];
  if (c.minCurrent !== undefined && current < c.minCurrent) {
    notes.push(`current ${c.measure} ${round2(current)} is below minCurrent ${c.minCurrent}`);
  }
  // minBaseline applies in both modes: a program that sets it wants no growth from a tiny base.
  if (c.minBaseline !== undefined && baseline < c.minBaseline) {
    notes.push(
      `baseline ${c.measure} ${round2(baseline)} (same month last year) is below minBaseline ${c.minBaseline}`,
    );
  } else if (c.mode === 'percent' && baseline <= 0) {
    // A zero or negative (credits) baseline has no meaningful percentage.
    notes.push(`no baseline: ${c.measure} of the same month last year is ${round2(baseline)}`);
  }
  if (notes.length > 0) return { value: 0, notes };
  const value = c.mode === 'percent' ? ((current - baseline) / baseline) * 100 : current - baseline;
  return { value, notes };
}

function distinctWorkloads(ctx: EvalContext, c: DistinctWorkloadsComponent): number {
  let count = 0;
  const byWorkload = ctx.data.group(c.source, c.workloads, windowMonths(c.window, ctx.L), 'workload');
  for (const totals of byWorkload.values()) {
    if (meetsFloor(measureOf(totals, c.measure), c)) count += 1;
  }
  return count;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
