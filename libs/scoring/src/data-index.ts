import type { AggregateObserver, CustomerFacts, PartnerAggregate } from './aggregate.js';
import { type Totals, addCell, addTotals, emptyTotals, measureOf, meetsFloor } from './measures.js';
import type { NetQualifyingComponent, Source, WorkloadSelector } from './program-schema.js';
import { MonthSeries, zeros } from './month-series.js';
import { WorkloadMatcher } from './workloads.js';

/** One workload's summed figures by month. */
interface WorkloadSeries {
  rows: MonthSeries;
  cents: MonthSeries;
  activeUsers: MonthSeries;
  paidLicenses: MonthSeries;
}

/** |Q(m)| of one netQualifying component by month m. */
interface NetQualifyingCounter {
  component: NetQualifyingComponent;
  counts: MonthSeries;
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
  private readonly totals: Record<Source, Map<string, WorkloadSeries>> = {
    revenue: new Map(),
    usage: new Map(),
  };
  private readonly counters = new Map<string, NetQualifyingCounter>();
  private readonly pending: { counter: NetQualifyingCounter; from: number; counts: number[] }[] = [];

  constructor(
    private readonly agg: PartnerAggregate,
    readonly rates: Readonly<Record<string, number>>,
  ) {
    for (const [customerId, facts] of agg.customers) {
      for (const source of ['revenue', 'usage'] as const) {
        for (const [workload, byMonth] of facts[source]) {
          this.addCells(customerId, source, workload, [...byMonth.keys()], 1);
        }
      }
    }
  }

  beforeCustomer(customerId: string, source: Source, workload: string, months: readonly number[]): void {
    this.addCells(customerId, source, workload, months, -1);
    const facts = this.agg.customers.get(customerId);
    for (const counter of this.counters.values()) {
      const c = counter.component;
      if (c.source !== source || !this.matcher.matches(c.workloads, workload)) continue;
      const [from, to] = affectedRange(c, months);
      this.pending.push({
        counter,
        from,
        counts: facts ? this.customerCounts(c, facts, from, to) : new Array<number>(to - from + 1).fill(0),
      });
    }
  }

  afterCustomer(customerId: string, source: Source, workload: string, months: readonly number[]): void {
    this.addCells(customerId, source, workload, months, 1);
    const facts = this.agg.customers.get(customerId);
    for (const { counter, from, counts } of this.pending) {
      const now = facts
        ? this.customerCounts(counter.component, facts, from, from + counts.length - 1)
        : null;
      counts.forEach((before, i) => {
        const after = now?.[i] ?? 0;
        counter.counts.add(from + i, after - before);
      });
    }
    this.pending.length = 0;
  }

  beforePerson(): void {}
  afterPerson(): void {}

  /** |Q(m)| of a netQualifying component: customers (or customer-workload pairs) qualifying at m. */
  qualifyingCount(c: NetQualifyingComponent, m: number): number {
    return this.counterFor(c).counts.get(m);
  }

  /**
   * Figures of the eligible workloads over the window ending at month m, summed per workload (mcv
   * at the program's rates); workloads without a figure in the window are left out.
   */
  byWorkload(
    source: Source,
    selector: WorkloadSelector,
    window: 'month' | 'ttm',
    m: number,
  ): Map<string, Totals> {
    const out = new Map<string, Totals>();
    for (const [workload, series] of this.totals[source]) {
      if (!this.matcher.matches(selector, workload)) continue;
      const sum = this.sumWindow(workload, series, window, m);
      if (sum.rows > 0) out.set(workload, sum);
    }
    return out;
  }

  /** One total over every eligible figure in the window ending at month m. */
  total(source: Source, selector: WorkloadSelector, window: 'month' | 'ttm', m: number): Totals {
    const total = emptyTotals();
    for (const [workload, series] of this.totals[source]) {
      if (this.matcher.matches(selector, workload)) {
        addTotals(total, this.sumWindow(workload, series, window, m));
      }
    }
    return total;
  }

  private sumWindow(workload: string, series: WorkloadSeries, window: 'month' | 'ttm', m: number): Totals {
    const sum = emptyTotals();
    for (let month = window === 'ttm' ? m - 11 : m; month <= m; month++) {
      sum.rows += series.rows.get(month);
      sum.cents += series.cents.get(month);
      sum.activeUsers += series.activeUsers.get(month);
      sum.paidLicenses += series.paidLicenses.get(month);
    }
    sum.mcv = sum.activeUsers * (this.rates[workload] ?? 0);
    return sum;
  }

  private addCells(
    customerId: string,
    source: Source,
    workload: string,
    months: readonly number[],
    sign: 1 | -1,
  ): void {
    const facts = this.agg.customers.get(customerId);
    if (!facts) return;
    let series = this.totals[source].get(workload);
    if (!series) {
      series = {
        rows: new MonthSeries(),
        cents: new MonthSeries(),
        activeUsers: new MonthSeries(),
        paidLicenses: new MonthSeries(),
      };
      this.totals[source].set(workload, series);
    }
    const cell = emptyTotals();
    for (const month of months) {
      cell.rows = cell.cents = cell.activeUsers = cell.paidLicenses = 0;
      if (!addCell(cell, facts, source, workload, month)) continue;
      series.rows.add(month, sign * cell.rows);
      series.cents.add(month, sign * cell.cents);
      series.activeUsers.add(month, sign * cell.activeUsers);
      series.paidLicenses.add(month, sign * cell.paidLicenses);
    }
  }

  private counterFor(c: NetQualifyingComponent): NetQualifyingCounter {
    const key = signatureOf(c);
    let counter = this.counters.get(key);
    if (counter) return counter;
    counter = { component: c, counts: new MonthSeries() };
    const reach = c.window === 'ttm' ? 11 : c.window === 'twoMonths' ? 1 : 0;
    const counts: number[] = [];
    for (const facts of this.agg.customers.values()) {
      // affectedRange of every eligible month, without collecting them
      let min = Infinity;
      let max = -Infinity;
      for (const [workload, byMonth] of facts[c.source]) {
        if (!this.matcher.matches(c.workloads, workload)) continue;
        for (const m of byMonth.keys()) {
          if (m < min) min = m;
          if (m > max) max = m;
        }
      }
      if (min === Infinity) continue;
      counts.length = 0;
      this.customerCounts(c, facts, min, max + reach, counts);
      for (let i = 0; i < counts.length; i++) counter.counts.add(min + i, counts[i] as number);
    }
    this.counters.set(key, counter);
    return counter;
  }

  /**
   * How many of Q(m)'s keys belong to this customer, for every m in [from, to]: 0 or 1 per
   * customer, up to its workloads per pair. One pass per workload with a sliding window, since an
   * event recounts up to 12 months (ttm) and a summary is built for every month at once.
   */
  private customerCounts(
    c: NetQualifyingComponent,
    facts: CustomerFacts,
    from: number,
    to: number,
    counts: number[] = [],
  ): number[] {
    // twoMonths judges each month on its own (a one-month window) and unites m and m − 1.
    const span = c.window === 'ttm' ? 12 : 1;
    const lo = from - span + 1 - (c.window === 'twoMonths' ? 1 : 0);
    const length = to - lo + 1;
    const windows: WindowSums[] = [];
    for (const [workload, byMonth] of facts[c.source]) {
      if (!this.matcher.matches(c.workloads, workload)) continue;
      windows.push(
        windowSums(
          scratchWindow(windows.length, this.rates[workload] ?? 0, length),
          facts,
          c.source,
          workload,
          byMonth,
          lo,
          length,
          span,
        ),
      );
    }
    const qualifiesAt = (k: number): number => (k < span - 1 ? 0 : this.qualifyingAt(c, windows, k));
    for (let m = from; m <= to; m++) {
      const k = m - lo;
      if (c.window !== 'twoMonths') counts.push(qualifiesAt(k));
      else if (c.per === 'customer') counts.push(qualifiesAt(k) > 0 || qualifiesAt(k - 1) > 0 ? 1 : 0);
      else {
        let n = 0;
        for (const w of windows) if (pairQualifies(c, w, k) || pairQualifies(c, w, k - 1)) n++;
        counts.push(n);
      }
    }
    return counts;
  }

  /** Keys of the customer qualifying with the window ending at index k. */
  private qualifyingAt(c: NetQualifyingComponent, windows: readonly WindowSums[], k: number): number {
    if (c.per === 'customerWorkload') {
      let n = 0;
      for (const w of windows) if (pairQualifies(c, w, k)) n++;
      return n;
    }
    if (c.combine === 'max') {
      // The customer's best eligible workload decides ("one workload with > 300 licences").
      let best = -Infinity;
      for (const w of windows) {
        if ((w.rows[k] as number) > 0) best = Math.max(best, measureAt(c.measure, w, k));
      }
      return best !== -Infinity && meetsFloor(best, c) ? 1 : 0;
    }
    const sum = emptyTotals();
    for (const w of windows) {
      if ((w.rows[k] as number) === 0) continue;
      sum.rows += w.rows[k] as number;
      sum.cents += w.cents[k] as number;
      sum.activeUsers += w.activeUsers[k] as number;
      sum.paidLicenses += w.paidLicenses[k] as number;
      sum.mcv += (w.activeUsers[k] as number) * w.rate;
    }
    return sum.rows > 0 && meetsFloor(measureOf(sum, c.measure), c) ? 1 : 0;
  }
}

/** One workload's figures summed over the window ending at each month index k (lo + k). */
interface WindowSums {
  rate: number;
  rows: number[];
  cents: number[];
  activeUsers: number[];
  paidLicenses: number[];
}

/**
 * Scratch windows, reused by every customerCounts call: the windows of one customer live only
 * while its counts are computed (nothing keeps them, and scoring is synchronous), and allocating
 * them for every customer of every rebuilt summary was a fifth of the scorer's allocations.
 */
const scratchWindows: WindowSums[] = [];

function scratchWindow(slot: number, rate: number, length: number): WindowSums {
  let w = scratchWindows[slot];
  if (!w || w.rows.length < length) {
    w = {
      rate,
      rows: zeros(length),
      cents: zeros(length),
      activeUsers: zeros(length),
      paidLicenses: zeros(length),
    };
    scratchWindows[slot] = w;
  } else {
    w.rate = rate;
    w.rows.fill(0, 0, length);
    w.cents.fill(0, 0, length);
    w.activeUsers.fill(0, 0, length);
    w.paidLicenses.fill(0, 0, length);
  }
  return w;
}

function windowSums(
  w: WindowSums,
  facts: CustomerFacts,
  source: Source,
  workload: string,
  byMonth: ReadonlyMap<number, unknown>,
  lo: number,
  length: number,
  span: number,
): WindowSums {
  const cell = emptyTotals();
  for (const month of byMonth.keys()) {
    // A cell counts in the windows ending at month … month + span − 1.
    if (month > lo + length - 1 || month + span - 1 < lo) continue;
    cell.rows = cell.cents = cell.activeUsers = cell.paidLicenses = 0;
    if (!addCell(cell, facts, source, workload, month)) continue;
    for (let k = Math.max(0, month - lo); k < Math.min(length, month - lo + span); k++) {
      w.rows[k] = (w.rows[k] as number) + cell.rows;
      w.cents[k] = (w.cents[k] as number) + cell.cents;
      w.activeUsers[k] = (w.activeUsers[k] as number) + cell.activeUsers;
      w.paidLicenses[k] = (w.paidLicenses[k] as number) + cell.paidLicenses;
    }
  }
  return w;
}

/** Scratch totals of measureAt (read at once by measureOf, never kept). */
const scratchTotals: Totals = emptyTotals();

function measureAt(measure: NetQualifyingComponent['measure'], w: WindowSums, k: number): number {
  const t = scratchTotals;
  t.rows = w.rows[k] as number;
  t.cents = w.cents[k] as number;
  t.activeUsers = w.activeUsers[k] as number;
  t.paidLicenses = w.paidLicenses[k] as number;
  t.mcv = (w.activeUsers[k] as number) * w.rate;
  return measureOf(t, measure);
}

function pairQualifies(c: NetQualifyingComponent, w: WindowSums, k: number): boolean {
  return k >= 0 && (w.rows[k] as number) > 0 && meetsFloor(measureAt(c.measure, w, k), c);
}

/** The months m whose window (ending at m) holds one of the changed months: [min, max + reach]. */
function affectedRange(c: NetQualifyingComponent, changed: readonly number[]): [number, number] {
  const reach = c.window === 'ttm' ? 11 : c.window === 'twoMonths' ? 1 : 0;
  let min = Infinity;
  let max = -Infinity;
  for (const m of changed) {
    if (m < min) min = m;
    if (m > max) max = m;
  }
  return [min, max + reach];
}

const signatures = new WeakMap<object, string>();

/** What determines a component's value: everything but fullAt, maxUnits and label. */
export function signatureOf(c: {
  fullAt: number;
  maxUnits?: number | undefined;
  label?: string | undefined;
}): string {
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
