import type { CertIndex } from './cert-index.js';
import { type DataIndex, signatureOf } from './data-index.js';
import { measureOf, meetsFloor } from './measures.js';
import type { Component, DistinctWorkloadsComponent, GrowthComponent } from './program-schema.js';

/** What every component reads at an evaluation instant T (spec §1 "Component kinds"). */
export interface EvalContext {
  at: number;
  /** Whether metrics carry their `missing` texts (see scorePartner). */
  explain: boolean;
  /** The scored month L and Y = L − 12, as month indexes. */
  L: number;
  Y: number;
  certs: CertIndex;
  data: DataIndex;
  /** Component values by signature: designations share components (the three Azure ones share three). */
  memo: Map<string, ComponentValue>;
}

export interface ComponentValue {
  value: number;
  /** Why a guard forced the value to 0 (growth baseline/current floors), for explanations. */
  notes: string[];
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
      return { value: ctx.certs.holdersAt(c.certifications, ctx.at), notes: [] };
    case 'netQualifying':
      return { value: ctx.data.qualifyingCount(c, ctx.L) - ctx.data.qualifyingCount(c, ctx.Y), notes: [] };
    case 'growth':
      return growth(ctx, c);
    case 'distinctWorkloads':
      return { value: distinctWorkloads(ctx, c), notes: [] };
  }
}

function growth(ctx: EvalContext, c: GrowthComponent): ComponentValue {
  const total = (m: number): number =>
    measureOf(ctx.data.total(c.source, c.workloads, c.window, m), c.measure);
  return growthOf(c, total(ctx.L), total(ctx.Y));
}

/** A growth component's value from V(L) (current) and V(Y) (baseline), with its guards (spec §1). */
export function growthOf(c: GrowthComponent, current: number, baseline: number): ComponentValue {
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
  const byWorkload = ctx.data.byWorkload(c.source, c.workloads, c.window, ctx.L);
  for (const totals of byWorkload.values()) {
    if (totals.rows > 0 && meetsFloor(measureOf(totals, c.measure), c)) count += 1;
  }
  return count;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
