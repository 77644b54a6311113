import type { PartnerAggregate, UsageReport } from './aggregate.js';
import { type Dict, getOwn } from './own.js';
import type { Measure, Source, WorkloadSelector } from './program-schema.js';
import { parseMonthKey } from './time.js';
import { WorkloadMatcher } from './workloads.js';

/** One (customer, workload, month) figure. Revenue is in integer cents so sums are exact. */
export interface Row {
  customer: string;
  workload: string;
  cents: number;
  activeUsers: number;
  paidLicenses: number;
  mcv: number;
}

/** Sums over a set of rows. */
export interface Totals {
  rows: number;
  cents: number;
  activeUsers: number;
  paidLicenses: number;
  mcv: number;
}

export const emptyTotals = (): Totals => ({ rows: 0, cents: 0, activeUsers: 0, paidLicenses: 0, mcv: 0 });

function add(totals: Totals, row: Row): void {
  totals.rows += 1;
  totals.cents += row.cents;
  totals.activeUsers += row.activeUsers;
  totals.paidLicenses += row.paidLicenses;
  totals.mcv += row.mcv;
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

/** Month indexes of a window ending at month m: one month, or the twelve months m−11 … m. */
export function windowMonths(window: 'month' | 'ttm', m: number): number[] {
  const length = window === 'ttm' ? 12 : 1;
  return Array.from({ length }, (_, i) => m - length + 1 + i);
}

/**
 * The aggregate's revenue and usage as rows bucketed by month, built once per evaluation so each
 * component only visits the months of its window.
 */
export class DataIndex {
  private readonly bySource = new Map<Source, Map<number, Row[]>>();
  private readonly groups = new Map<string, Map<string, Totals>>();

  constructor(
    private readonly agg: PartnerAggregate,
    private readonly rates: Dict<number>,
    readonly matcher: WorkloadMatcher,
  ) {}

  rowsIn(source: Source, month: number): Row[] {
    let byMonth = this.bySource.get(source);
    if (!byMonth) {
      byMonth = source === 'revenue' ? this.revenueRows() : this.usageRows();
      this.bySource.set(source, byMonth);
    }
    return byMonth.get(month) ?? [];
  }

  // for…in over own keys: these loops visit every stored cell once per evaluation, and
  // Object.entries would allocate an array per level.
  private revenueRows(): Map<number, Row[]> {
    const byMonth = new Map<number, Row[]>();
    const revenue = this.agg.revenue;
    for (const customer in revenue) {
      if (!Object.hasOwn(revenue, customer)) continue;
      const byWorkload = revenue[customer] as Dict<Dict<Dict<number | null>>>;
      for (const workload in byWorkload) {
        if (!Object.hasOwn(byWorkload, workload)) continue;
        const months = byWorkload[workload] as Dict<Dict<number | null>>;
        for (const key in months) {
          if (!Object.hasOwn(months, key)) continue;
          const items = months[key] as Dict<number | null>;
          let cents = 0;
          let live = 0;
          for (const id in items) {
            const value = Object.hasOwn(items, id) ? items[id] : null;
            if (value === null || value === undefined) continue;
            cents += value;
            live += 1;
          }
          // A month whose items were all reversed has no figure at all.
          if (live > 0) {
            push(byMonth, parseMonthKey(key), {
              customer,
              workload,
              cents,
              activeUsers: 0,
              paidLicenses: 0,
              mcv: 0,
            });
          }
        }
      }
    }
    return byMonth;
  }

  private usageRows(): Map<number, Row[]> {
    const byMonth = new Map<number, Row[]>();
    const usage = this.agg.usage;
    for (const customer in usage) {
      if (!Object.hasOwn(usage, customer)) continue;
      const byWorkload = usage[customer] as Dict<Dict<UsageReport>>;
      for (const workload in byWorkload) {
        if (!Object.hasOwn(byWorkload, workload)) continue;
        const months = byWorkload[workload] as Dict<UsageReport>;
        // Workloads without a rate have no monthly consumption value.
        const rate = getOwn(this.rates, workload) ?? 0;
        for (const key in months) {
          if (!Object.hasOwn(months, key)) continue;
          const [activeUsers, paidLicenses] = months[key] as UsageReport;
          push(byMonth, parseMonthKey(key), {
            customer,
            workload,
            cents: 0,
            activeUsers,
            paidLicenses,
            mcv: activeUsers * rate,
          });
        }
      }
    }
    return byMonth;
  }

  /**
   * Totals of the eligible rows in the months, grouped by customer, customer-workload pair (see
   * customerOfPair), workload, or all in one group (key ''). Cached for the life of the index:
   * evaluation instants with the same scored month, and components that differ only in their
   * floor, share one grouping. Callers must not modify the result.
   */
  group(
    source: Source,
    selector: WorkloadSelector,
    months: number[],
    by: GroupBy,
  ): ReadonlyMap<string, Totals> {
    const cacheKey = `${source}|${selectorId(selector)}|${months[0]}|${months.length}|${by}`;
    let groups = this.groups.get(cacheKey);
    if (groups) return groups;
    groups = new Map<string, Totals>();
    for (const month of months) {
      for (const row of this.rowsIn(source, month)) {
        if (!this.matcher.matches(selector, row.workload)) continue;
        const key =
          by === 'customer'
            ? row.customer
            : by === 'pair'
              ? pairKey(row)
              : by === 'workload'
                ? row.workload
                : '';
        let totals = groups.get(key);
        if (!totals) groups.set(key, (totals = emptyTotals()));
        add(totals, row);
      }
    }
    this.groups.set(cacheKey, groups);
    return groups;
  }

  /** One total over every eligible row in the months. */
  total(source: Source, selector: WorkloadSelector, months: number[]): Totals {
    return this.group(source, selector, months, 'all').get('') ?? emptyTotals();
  }
}

export type GroupBy = 'customer' | 'pair' | 'workload' | 'all';

// Ids cannot contain control characters (contracts), so NUL separates customer and workload.
const pairKey = (row: Row): string => `${row.customer}\u0000${row.workload}`;
export const customerOfPair = (pair: string): string => pair.slice(0, pair.indexOf('\u0000'));

const selectorIds = new WeakMap<WorkloadSelector, number>();
let nextSelectorId = 0;
function selectorId(selector: WorkloadSelector): number {
  let id = selectorIds.get(selector);
  if (id === undefined) selectorIds.set(selector, (id = nextSelectorId++));
  return id;
}

function push(byMonth: Map<number, Row[]>, month: number, row: Row): void {
  const rows = byMonth.get(month);
  if (rows) rows.push(row);
  else byMonth.set(month, [row]);
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

/**
 * Building the rows visits every stored cell, which dominates a score; evaluations of one
 * aggregate (catch-up, backtests, several designations) share one index. applyEvent and
 * pruneAggregate drop it, so an aggregate must only be changed through them.
 */
const indexes = new WeakMap<PartnerAggregate, { rates: Dict<number>; index: DataIndex }>();

export function dataIndexFor(agg: PartnerAggregate, rates: Dict<number>): DataIndex {
  const cached = indexes.get(agg);
  if (cached && cached.rates === rates) return cached.index;
  const index = new DataIndex(agg, rates, new WorkloadMatcher());
  indexes.set(agg, { rates, index });
  return index;
}

export function invalidateDataIndex(agg: PartnerAggregate): void {
  indexes.delete(agg);
}
