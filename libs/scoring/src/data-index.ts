import type { AggregateObserver, CustomerFacts, PartnerAggregate } from './aggregate.js';
import { type Totals, addCell, addTotals, emptyTotals, measureOf, meetsFloor, windowMonths } from './measures.js';
import type { NetQualifyingComponent, Source, WorkloadSelector } from './program-schema.js';
import { WorkloadMatcher } from './workloads.js';

type MonthTotals = Map<number, Map<string, Totals>>;

/** |Q(m)| of one netQualifying component for every month m it was ever non-zero at. */
interface NetQualifyingCounter {
  component: NetQualifyingComponent;
  counts: Map<number, number>;
}

/**
 * Running summaries of a partner's revenue and usage, kept exact as events apply (it observes the
 * aggregate), so that a score reads a few numbers instead of every stored figure:
 * - per source, month and workload: the summed figures (growth and distinctWorkloads read these);
 * - per netQualifying component: |Q(m)| for every month m (spec §1), maintained by recounting only
 *   the changed customer's keys in the months whose window holds the changed month.
 * Each summary is built from the aggregate the first time it is asked for; after that an event
 * costs work proportional to its customer, never to the partner's history.
 */
export class DataIndex implements AggregateObserver {
  readonly matcher = new WorkloadMatcher();
  private readonly totals: Record<Source, MonthTotals> = { revenue: new Map(), usage: new Map() };
  private readonly counters = new Map<string, NetQualifyingCounter>();
  private readonly pending: { counter: NetQualifyingCounter; month: number; count: number }[] = [];

  constructor(
    private readonly agg: PartnerAggregate,
    readonly rates: Readonly<Record<string, number>>,
  ) {
    for (const [customerId, facts] of agg.customers) {
      for (const source of ['revenue', 'usage'] as const) {
        for (const [workload, byMonth] of facts[source]) this.addCells(customerId, source, workload, [...byMonth.keys()], 1);
      }
    }
  }

  beforeCustomer(customerId: string, source: Source, workload: string, months: readonly number[]): void {
    this.addCells(customerId, source, workload, months, -1);
    const facts = this.agg.customers.get(customerId);
    for (const counter of this.counters.values()) {
      const c = counter.component;
      if (c.source !== source || !this.matcher.matches(c.workloads, workload)) continue;
      for (const month of affectedMonths(c, months)) {
        this.pending.push({ counter, month, count: facts ? this.customerCount(c, facts, month) : 0 });
      }
    }
  }

  afterCustomer(customerId: string, source: Source, workload: string, months: readonly number[]): void {
    this.addCells(customerId, source, workload, months, 1);
    const facts = this.agg.customers.get(customerId);
    for (const { counter, month, count } of this.pending) {
      const now = facts ? this.customerCount(counter.component, facts, month) : 0;
      if (now !== count) bump(counter.counts, month, now - count);
    }
    this.pending.length = 0;
  }

  beforePerson(): void {}
  afterPerson(): void {}

  /** |Q(m)| of a netQualifying component: customers (or customer-workload pairs) qualifying at m. */
  qualifyingCount(c: NetQualifyingComponent, m: number): number {
    return this.counterFor(c).counts.get(m) ?? 0;
  }

  /** Figures of the eligible workloads over the months, summed per workload (mcv at the program's rates). */
  byWorkload(source: Source, selector: WorkloadSelector, months: readonly number[]): Map<string, Totals> {
    const out = new Map<string, Totals>();
    for (const month of months) {
      const byWorkload = this.totals[source].get(month);
      if (!byWorkload) continue;
      for (const [workload, t] of byWorkload) {
        if (!this.matcher.matches(selector, workload)) continue;
        let sum = out.get(workload);
        if (!sum) out.set(workload, (sum = emptyTotals()));
        addTotals(sum, t);
      }
    }
    for (const [workload, t] of out) t.mcv = t.activeUsers * (this.rates[workload] ?? 0);
    return out;
  }

  /** One total over every eligible figure in the months. */
  total(source: Source, selector: WorkloadSelector, months: readonly number[]): Totals {
    const total = emptyTotals();
    for (const t of this.byWorkload(source, selector, months).values()) addTotals(total, t);
    return total;
  }

  private addCells(customerId: string, source: Source, workload: string, months: readonly number[], sign: 1 | -1): void {
    const facts = this.agg.customers.get(customerId);
    if (!facts) return;
    const bySource = this.totals[source];
    for (const month of months) {
      const cell = emptyTotals();
      if (!addCell(cell, facts, source, workload, month)) continue;
      let byWorkload = bySource.get(month);
      if (!byWorkload) bySource.set(month, (byWorkload = new Map<string, Totals>()));
      let t = byWorkload.get(workload);
      if (!t) byWorkload.set(workload, (t = emptyTotals()));
      addTotals(t, cell, sign);
      if (t.rows === 0) {
        byWorkload.delete(workload);
        if (byWorkload.size === 0) bySource.delete(month);
      }
    }
  }

  private counterFor(c: NetQualifyingComponent): NetQualifyingCounter {
    const key = signatureOf(c);
    let counter = this.counters.get(key);
    if (counter) return counter;
    counter = { component: c, counts: new Map() };
    for (const facts of this.agg.customers.values()) {
      const months = new Set<number>();
      for (const [workload, byMonth] of facts[c.source]) {
        if (!this.matcher.matches(c.workloads, workload)) continue;
        for (const m of affectedMonths(c, [...byMonth.keys()])) months.add(m);
      }
      for (const m of months) {
        const count = this.customerCount(c, facts, m);
        if (count !== 0) bump(counter.counts, m, count);
      }
    }
    this.counters.set(key, counter);
    return counter;
  }

  /** How many of Q(m)'s keys belong to this customer: 0 or 1 per customer, up to its workloads per pair. */
  private customerCount(c: NetQualifyingComponent, facts: CustomerFacts, m: number): number {
    if (c.window !== 'twoMonths') return this.qualifyingKeys(c, facts, windowMonths(c.window, m)).length;
    // twoMonths: met in m or in m − 1, each month judged on its own.
    const keys = new Set(this.qualifyingKeys(c, facts, [m]));
    for (const key of this.qualifyingKeys(c, facts, [m - 1])) keys.add(key);
    return keys.size;
  }

  /** The customer's qualifying keys over the months: '' for the customer itself, workloads for pairs. */
  private qualifyingKeys(c: NetQualifyingComponent, facts: CustomerFacts, months: readonly number[]): string[] {
    const perWorkload: [string, Totals][] = [];
    for (const workload of facts[c.source].keys()) {
      if (!this.matcher.matches(c.workloads, workload)) continue;
      const t = emptyTotals();
      for (const month of months) addCell(t, facts, c.source, workload, month);
      if (t.rows === 0) continue;
      t.mcv = t.activeUsers * (this.rates[workload] ?? 0);
      perWorkload.push([workload, t]);
    }
    if (c.per === 'customerWorkload') {
      return perWorkload.filter(([, t]) => meetsFloor(measureOf(t, c.measure), c)).map(([w]) => w);
    }
    if (perWorkload.length === 0) return [];
    if (c.combine === 'sum') {
      const sum = emptyTotals();
      for (const [, t] of perWorkload) addTotals(sum, t);
      return meetsFloor(measureOf(sum, c.measure), c) ? [''] : [];
    }
    // combine max: the customer's best eligible workload decides ("one workload with > 300 licences").
    const best = Math.max(...perWorkload.map(([, t]) => measureOf(t, c.measure)));
    return meetsFloor(best, c) ? [''] : [];
  }
}

/** Months m whose window (ending at m) contains one of the changed months. */
function affectedMonths(c: NetQualifyingComponent, changed: readonly number[]): Set<number> {
  const span = c.window === 'ttm' ? 12 : c.window === 'twoMonths' ? 2 : 1;
  const out = new Set<number>();
  for (const month of changed) for (let i = 0; i < span; i++) out.add(month + i);
  return out;
}

function bump(counts: Map<number, number>, month: number, delta: number): void {
  const next = (counts.get(month) ?? 0) + delta;
  if (next === 0) counts.delete(month);
  else counts.set(month, next);
}

const signatures = new WeakMap<object, string>();

/** What determines a component's value: everything but fullAt, maxUnits and label. */
export function signatureOf(c: { fullAt: number; maxUnits?: number | undefined; label?: string | undefined }): string {
  let signature = signatures.get(c);
  if (signature === undefined) {
    const { fullAt: _fullAt, maxUnits: _maxUnits, label: _label, ...rest } = c;
    signature = JSON.stringify(rest);
    signatures.set(c, signature);
  }
  return signature;
}

/** The aggregate's DataIndex for these rates, built on first use and kept up to date from then on. */
export function dataIndexFor(agg: PartnerAggregate, rates: Readonly<Record<string, number>>): DataIndex {
  for (const o of agg.observers) if (o instanceof DataIndex && o.rates === rates) return o;
  const index = new DataIndex(agg, rates);
  agg.observers.push(index);
  return index;
}
