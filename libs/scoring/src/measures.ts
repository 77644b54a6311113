import type { CustomerFacts } from './aggregate.js';
import type { Measure } from './program-schema.js';

/** Sums over a set of (customer, workload, month) figures. Revenue is in integer cents so sums are exact. */
export interface Totals {
  /** Figures summed: a month whose revenue items were all reversed has no figure at all. */
  rows: number;
  cents: number;
  activeUsers: number;
  paidLicenses: number;
  mcv: number;
}

export const emptyTotals = (): Totals => ({ rows: 0, cents: 0, activeUsers: 0, paidLicenses: 0, mcv: 0 });

export function addTotals(into: Totals, t: Totals, sign = 1): void {
  into.rows += sign * t.rows;
  into.cents += sign * t.cents;
  into.activeUsers += sign * t.activeUsers;
  into.paidLicenses += sign * t.paidLicenses;
  into.mcv += sign * t.mcv;
}

export function measureOf(totals: Totals, measure: Measure): number {
  switch (measure) {
    case 'amount':
      return totals.cents / 100;
    case 'activeUsers':
      return totals.activeUsers;
    case 'paidLicenses':
      return totals.paidLicenses;
    case 'activeRatio':
      // Σ activeUsers / Σ paidLicenses over the aggregated rows, 0 without licences (spec §1).
      return totals.paidLicenses === 0 ? 0 : totals.activeUsers / totals.paidLicenses;
    case 'mcv':
      return totals.mcv;
  }
}

/**
 * Adds one (customer, workload, month) figure to `into`; false when there is none. mcv is left at
 * 0: it depends on the program's rates, applied by the reader.
 */
export function addCell(
  into: Totals,
  facts: CustomerFacts,
  source: 'revenue' | 'usage',
  workload: string,
  month: number,
): boolean {
  if (source === 'revenue') {
    const items = facts.revenue.get(workload)?.get(month);
    if (!items) return false;
    const { cents, count } = items.live();
    if (count === 0) return false;
    into.rows += 1;
    into.cents += cents;
    return true;
  }
  const report = facts.usage.get(workload)?.get(month);
  if (!report) return false;
  into.rows += 1;
  into.activeUsers += report[0];
  into.paidLicenses += report[1];
  return true;
}

export interface Floor {
  atLeast?: number | undefined;
  greaterThan?: number | undefined;
  atMost?: number | undefined;
}

export function meetsFloor(value: number, floor: Floor): boolean {
  if (floor.atLeast !== undefined && !(value >= floor.atLeast)) return false;
  if (floor.greaterThan !== undefined && !(value > floor.greaterThan)) return false;
  if (floor.atMost !== undefined && !(value <= floor.atMost)) return false;
  return true;
}
