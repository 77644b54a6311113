import type { AggregateObserver, Person, PartnerAggregate } from './aggregate.js';

/** Half-open instants [from, to); to = Infinity for no end. */
type Interval = [from: number, to: number];

/**
 * A count that changes at instants: +1 where a person starts to count, −1 where they stop.
 * count(T) is the sum of the changes at instants ≤ T.
 */
class StepCount {
  private readonly instants: number[] = [];
  private readonly deltas: number[] = [];

  add(at: number, delta: number): void {
    if (at === -Infinity || at === Infinity) return;
    const i = lowerBound(this.instants, at);
    if (this.instants[i] === at) {
      const next = (this.deltas[i] as number) + delta;
      if (next === 0) {
        this.instants.splice(i, 1);
        this.deltas.splice(i, 1);
      } else this.deltas[i] = next;
    } else {
      this.instants.splice(i, 0, at);
      this.deltas.splice(i, 0, delta);
    }
  }

  at(t: number): number {
    let count = 0;
    for (let i = 0; i < this.instants.length && (this.instants[i] as number) <= t; i++) {
      count += this.deltas[i] as number;
    }
    return count;
  }

  /** The first instant strictly after `after`, or null. */
  nextAfter(after: number): number | null {
    const i = lowerBound(this.instants, after);
    const at = this.instants[i] === after ? this.instants[i + 1] : this.instants[i];
    return at ?? null;
  }
}

function lowerBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Linked by default; otherwise the latest link change at or before T decides (spec §2). Returns
 * the intervals during which the person is linked.
 */
function linkedIntervals(person: Person): Interval[] {
  const out: Interval[] = [];
  let from: number | null = -Infinity;
  for (const [at, linked] of person.links) {
    if (linked === 1 && from === null) from = at;
    else if (linked === 0 && from !== null) {
      if (at > from) out.push([from, at]);
      from = null;
    }
  }
  if (from !== null) out.push([from, Infinity]);
  return out;
}

/**
 * When the person holds at least one of the certifications validly and is linked (spec §2: valid
 * at T iff some span has earnedAt ≤ T < expiresAt and no revocation r has earnedAt ≤ r ≤ T).
 */
function holdingIntervals(person: Person, certifications: readonly string[]): Interval[] {
  const spans: Interval[] = [];
  for (const cert of certifications) {
    const holding = person.certs.get(cert);
    if (!holding) continue;
    for (const [earnedAt, expiresAt] of holding.earned) {
      const revokedAt = holding.revoked.find((r) => r >= earnedAt) ?? Infinity;
      const end = Math.min(expiresAt ?? Infinity, revokedAt);
      if (end > earnedAt) spans.push([earnedAt, end]);
    }
  }
  if (spans.length === 0) return [];
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Interval[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return intersect(merged, linkedIntervals(person));
}

function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [a0, a1] = a[i] as Interval;
    const [b0, b1] = b[j] as Interval;
    const from = Math.max(a0, b0);
    const to = Math.min(a1, b1);
    if (from < to) out.push([from, to]);
    if (a1 < b1) i++;
    else j++;
  }
  return out;
}

/**
 * Certified-people counts as functions of time, one per certification list that a program asks
 * about, and the instants at which any certification validity can change. Kept exact as events
 * apply: a person's change re-derives only that person's intervals.
 */
export class CertIndex implements AggregateObserver {
  private readonly counts = new Map<string, { certifications: readonly string[]; count: StepCount }>();
  /** Instants of link changes, validity starts and revocations ('timer') and of expiries. */
  private readonly timers = new StepCount();
  private readonly expiries = new StepCount();

  constructor(private readonly agg: PartnerAggregate) {
    for (const person of agg.people.values()) this.addInstants(person, 1);
  }

  beforeCustomer(): void {}
  afterCustomer(): void {}

  beforePerson(individualId: string): void {
    this.addPerson(this.agg.people.get(individualId), -1);
  }

  afterPerson(individualId: string): void {
    this.addPerson(this.agg.people.get(individualId), 1);
  }

  /** Distinct individuals holding at least one of the certifications validly (and linked) at T. */
  holdersAt(certifications: readonly string[], at: number): number {
    const key = certificationsKey(certifications);
    let entry = this.counts.get(key);
    if (!entry) {
      entry = { certifications, count: new StepCount() };
      for (const person of this.agg.people.values()) {
        addIntervals(entry.count, holdingIntervals(person, certifications), 1);
      }
      this.counts.set(key, entry);
    }
    return entry.count.at(at);
  }

  /**
   * The earliest instant strictly after `after` at which some certification validity can change:
   * an expiry ('expiry'; it wins a tie), or a validity start, revocation or link change ('timer').
   */
  nextChange(after: number): { at: number; kind: 'expiry' | 'timer' } | null {
    const expiry = this.expiries.nextAfter(after);
    const timer = this.timers.nextAfter(after);
    if (expiry !== null && (timer === null || expiry <= timer)) return { at: expiry, kind: 'expiry' };
    return timer === null ? null : { at: timer, kind: 'timer' };
  }

  /** The earliest certification expiry strictly after `after` (any person, any certification). */
  nextExpiry(after: number): number | null {
    return this.expiries.nextAfter(after);
  }

  private addPerson(person: Person | undefined, sign: 1 | -1): void {
    if (!person) return;
    this.addInstants(person, sign);
    for (const { certifications, count } of this.counts.values()) {
      addIntervals(count, holdingIntervals(person, certifications), sign);
    }
  }

  private addInstants(person: Person, sign: 1 | -1): void {
    for (const [at] of person.links) this.timers.add(at, sign);
    for (const holding of person.certs.values()) {
      for (const [earnedAt, expiresAt] of holding.earned) {
        this.timers.add(earnedAt, sign);
        if (expiresAt !== null) this.expiries.add(expiresAt, sign);
      }
      for (const r of holding.revoked) this.timers.add(r, sign);
    }
  }
}

function addIntervals(count: StepCount, intervals: Interval[], sign: 1 | -1): void {
  for (const [from, to] of intervals) {
    count.add(from, sign);
    count.add(to, -sign);
  }
}

export function certIndexFor(agg: PartnerAggregate): CertIndex {
  for (const o of agg.observers) if (o instanceof CertIndex) return o;
  const index = new CertIndex(agg);
  agg.observers.push(index);
  return index;
}

const certificationsKeys = new WeakMap<readonly string[], string>();

/** The key of a list of certifications, joined once per list: a program's lists are read on every score. */
function certificationsKey(certifications: readonly string[]): string {
  let key = certificationsKeys.get(certifications);
  if (key === undefined) {
    key = certifications.join('\u0000');
    certificationsKeys.set(certifications, key);
  }
  return key;
}
