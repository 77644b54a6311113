import type { InputEvent } from '@app/contracts';
import { revenueDigest, usageDigest } from './ids.js';
import type { Source } from './program-schema.js';
import { parseMonthKey } from './time.js';

/** A link change: [occurredAt, 1 = linked | 0 = unlinked, eventId (breaks ties at one instant)]. */
export type LinkEntry = [at: number, linked: 0 | 1, eventId: string];
/** One validity span of a holding; expiresAt null = no expiry. */
export type EarnedSpan = [earnedAt: number, expiresAt: number | null];
/** Certification holding of one individual: earned spans and revocation instants, both sorted. */
export interface Holding {
  earned: EarnedSpan[];
  revoked: number[];
}
export interface Person {
  links: LinkEntry[];
  certs: Map<string, Holding>;
}
/**
 * The winning usage report of a (customer, workload, month): latest by (occurredAt, digest of the
 * eventId), contracts §1; the digest is its first 4 bytes (usageDigest), see compareUsage.
 */
export type UsageReport = [activeUsers: number, paidLicenses: number, occurredAt: number, digest: string];
/**
 * Line items of one (customer, workload, month): item digest → cents; null marks a reversed item
 * (kept so a redelivered item stays reversed). Nearly every cell holds one item, which lives in two
 * fields; a Map only for the rest: a partner's cells are most of its memory.
 */
export class RevenueItems {
  private firstDigest: string | null = null;
  private firstCents: number | null = null;
  private rest: Map<string, number | null> | null = null;

  static of(entries: Iterable<[string, number | null]>): RevenueItems {
    const items = new RevenueItems();
    for (const [digest, cents] of entries) items.set(digest, cents);
    return items;
  }

  get size(): number {
    return this.firstDigest === null ? 0 : 1 + (this.rest?.size ?? 0);
  }

  has(digest: string): boolean {
    return digest === this.firstDigest || (this.rest?.has(digest) ?? false);
  }

  /** The item's cents, null when reversed, undefined when absent. */
  get(digest: string): number | null | undefined {
    return digest === this.firstDigest ? this.firstCents : this.rest?.get(digest);
  }

  set(digest: string, cents: number | null): void {
    if (this.firstDigest === null || digest === this.firstDigest) {
      this.firstDigest = digest;
      this.firstCents = cents;
    } else (this.rest ??= new Map()).set(digest, cents);
  }

  /**
   * Calls `visit` for every item in digest order (the stored order). One item, the usual case, is
   * visited without building the list of entries: encoding a changed customer visits every month.
   */
  forEachInDigestOrder(visit: (digest: string, cents: number | null) => void): void {
    if (this.firstDigest === null) return;
    if (!this.rest) {
      visit(this.firstDigest, this.firstCents);
      return;
    }
    for (const [digest, cents] of this.entries().sort((a, b) => (a[0] < b[0] ? -1 : 1))) visit(digest, cents);
  }

  entries(): [string, number | null][] {
    const out: [string, number | null][] =
      this.firstDigest === null ? [] : [[this.firstDigest, this.firstCents]];
    if (this.rest) out.push(...this.rest);
    return out;
  }

  /** Σ cents of the items not reversed, and how many there are. */
  live(): { cents: number; count: number } {
    let cents = 0;
    let count = 0;
    if (this.firstDigest !== null && this.firstCents !== null) {
      cents += this.firstCents;
      count++;
    }
    if (this.rest) {
      for (const value of this.rest.values()) {
        if (value === null) continue;
        cents += value;
        count++;
      }
    }
    return { cents, count };
  }
}

/** One customer's figures, by workload and month index. */
export interface CustomerFacts {
  revenue: Map<string, Map<number, RevenueItems>>;
  usage: Map<string, Map<number, UsageReport>>;
}

/**
 * Sees every change to an aggregate, before and after it happens, so derived indexes (the running
 * per-month summaries that scoring reads) stay exact without re-reading the partner's history.
 */
export interface AggregateObserver {
  beforeCustomer(customerId: string, source: Source, workload: string, months: readonly number[]): void;
  afterCustomer(customerId: string, source: Source, workload: string, months: readonly number[]): void;
  beforePerson(individualId: string): void;
  afterPerson(individualId: string): void;
}

/**
 * Everything a partner's score depends on. Applying is idempotent and commutative by
 * construction: every fact is a set or a max, never a counter.
 * - people: individualId → links and certification holdings
 * - customers: customer → revenue line items and winning usage reports per workload and month
 * - reversals: reversals whose item has not arrived yet: item digest → reversal occurredAt
 * Change it only through applyEvent and pruneAggregate: they keep the observers and the record of
 * what changed (for the store, which writes only that) up to date.
 */
export class PartnerAggregate {
  readonly people = new Map<string, Person>();
  readonly customers = new Map<string, CustomerFacts>();
  readonly reversals = new Map<string, number>();
  /** What changed since the store last took it (see aggregate-codec.ts). */
  readonly changedCustomers = new Set<string>();
  readonly changedPeople = new Set<string>();
  reversalsChanged = false;
  /** Customers and people changed since the last prune: the only ones a prune must look at. */
  readonly touchedCustomers = new Set<string>();
  readonly touchedPeople = new Set<string>();
  /** First retained month of the last prune (every fact older than it is gone), or null. */
  prunedFrom: number | null = null;
  readonly observers: AggregateObserver[] = [];
  /** Item digest → customer, built at the first reversal that must look an item up. */
  private itemCustomers: Map<string, string> | null = null;

  constructor(readonly partnerId: string) {}

  customer(customerId: string): CustomerFacts {
    let facts = this.customers.get(customerId);
    if (!facts) this.customers.set(customerId, (facts = { revenue: new Map(), usage: new Map() }));
    return facts;
  }

  /** Runs a change of one customer's cells between the observers' before and after calls. */
  changeCustomer(
    customerId: string,
    source: Source,
    workload: string,
    months: readonly number[],
    change: () => void,
  ): void {
    for (const o of this.observers) o.beforeCustomer(customerId, source, workload, months);
    change();
    for (const o of this.observers) o.afterCustomer(customerId, source, workload, months);
    this.changedCustomers.add(customerId);
    this.touchedCustomers.add(customerId);
  }

  /** Runs a change of one person between the observers' before and after calls; reports whether it changed. */
  changePerson(individualId: string, change: (person: Person) => boolean): boolean {
    for (const o of this.observers) o.beforePerson(individualId);
    let person = this.people.get(individualId);
    const created = !person;
    if (!person) this.people.set(individualId, (person = { links: [], certs: new Map() }));
    const changed = change(person);
    // A no-op on a new person, or a prune that left nothing, leaves no trace.
    if ((created && !changed) || (person.links.length === 0 && person.certs.size === 0)) {
      this.people.delete(individualId);
    }
    for (const o of this.observers) o.afterPerson(individualId);
    if (changed) {
      this.changedPeople.add(individualId);
      this.touchedPeople.add(individualId);
    }
    return changed;
  }

  /** Where the line item with this digest is, or null (an index is built on first use). */
  findItem(
    digest: string,
  ): { customerId: string; workload: string; month: number; items: RevenueItems } | null {
    if (!this.itemCustomers) {
      this.itemCustomers = new Map();
      for (const [customerId, facts] of this.customers) {
        for (const byMonth of facts.revenue.values()) {
          for (const items of byMonth.values()) {
            for (const [d] of items.entries()) this.itemCustomers.set(d, customerId);
          }
        }
      }
    }
    const customerId = this.itemCustomers.get(digest);
    const facts = customerId === undefined ? undefined : this.customers.get(customerId);
    if (!facts || customerId === undefined) return null;
    for (const [workload, byMonth] of facts.revenue) {
      for (const [month, items] of byMonth) {
        if (items.has(digest)) return { customerId, workload, month, items };
      }
    }
    return null;
  }

  noteItem(digest: string, customerId: string): void {
    this.itemCustomers?.set(digest, customerId);
  }
}

export function emptyAggregate(partnerId: string): PartnerAggregate {
  return new PartnerAggregate(partnerId);
}

const newHolding = (): Holding => ({ earned: [], revoked: [] });

function holdingOf(person: Person, certificationId: string): Holding {
  let holding = person.certs.get(certificationId);
  if (!holding) person.certs.set(certificationId, (holding = newHolding()));
  return holding;
}

/** Drops a holding a no-op left empty, so that a no-op leaves no trace. */
function dropEmpty(person: Person, certificationId: string): void {
  const holding = person.certs.get(certificationId);
  if (holding && holding.earned.length === 0 && holding.revoked.length === 0) {
    person.certs.delete(certificationId);
  }
}

/**
 * Applies one input event in place. Idempotent by eventId and commutative: any order and any
 * duplication of the same events yields the same aggregate (up to order, see canonicalAggregate).
 * Returns whether the aggregate changed: false for a redelivered or superseded event, which can
 * then neither cause a designation change nor need a new score.
 */
export function applyEvent(agg: PartnerAggregate, event: InputEvent): boolean {
  const occurredAt = Date.parse(event.occurredAt);
  switch (event.type) {
    case 'certification.earned': {
      const earnedAt = event.data.earnedAt ? Date.parse(event.data.earnedAt) : occurredAt;
      const expiresAt = event.data.expiresAt ? Date.parse(event.data.expiresAt) : null;
      // An earnedAt defaulted from occurredAt can land after expiresAt: such a span is never valid.
      if (expiresAt !== null && expiresAt <= earnedAt) return false;
      const { individualId, certificationId } = event.data;
      return agg.changePerson(individualId, (person) => {
        const changed = addEarned(holdingOf(person, certificationId), earnedAt, expiresAt);
        dropEmpty(person, certificationId);
        return changed;
      });
    }
    case 'certification.revoked': {
      const { individualId, certificationId } = event.data;
      return agg.changePerson(individualId, (person) =>
        insertSorted(holdingOf(person, certificationId).revoked, occurredAt),
      );
    }
    case 'individual.linked':
    case 'individual.unlinked':
      return agg.changePerson(event.data.individualId, (person) =>
        addLink(person.links, [occurredAt, event.type === 'individual.linked' ? 1 : 0, event.eventId]),
      );
    case 'revenue.recorded': {
      const { customerId, workload, month, amountUsd } = event.data;
      const digest = revenueDigest(event.eventId);
      const monthIndex = parseMonthKey(month);
      const existing = agg.customers.get(customerId)?.revenue.get(workload)?.get(monthIndex);
      if (existing?.has(digest)) return false;
      const reversedEarlier = agg.reversals.get(digest) !== undefined;
      agg.changeCustomer(customerId, 'revenue', workload, [monthIndex], () => {
        const byMonth = mapIn(agg.customer(customerId).revenue, workload);
        let items = byMonth.get(monthIndex);
        if (!items) byMonth.set(monthIndex, (items = new RevenueItems()));
        items.set(digest, reversedEarlier ? null : Math.round(amountUsd * 100));
      });
      agg.noteItem(digest, customerId);
      if (reversedEarlier) {
        agg.reversals.delete(digest);
        agg.reversalsChanged = true;
      }
      return true;
    }
    case 'revenue.reversed': {
      const target = revenueDigest(event.data.reversesEventId);
      const found = agg.findItem(target);
      if (found) {
        if (found.items.get(target) === null) return false;
        agg.changeCustomer(found.customerId, 'revenue', found.workload, [found.month], () =>
          found.items.set(target, null),
        );
        return true;
      }
      const pendingSince = agg.reversals.get(target);
      if (pendingSince !== undefined && pendingSince >= occurredAt) return false;
      agg.reversals.set(target, occurredAt);
      agg.reversalsChanged = true;
      return true;
    }
    case 'usage.reported': {
      const { customerId, workload, month, activeUsers, paidLicenses } = event.data;
      const digest = usageDigest(event.eventId);
      const monthIndex = parseMonthKey(month);
      const current = agg.customers.get(customerId)?.usage.get(workload)?.get(monthIndex);
      if (current && compareUsage([activeUsers, paidLicenses, occurredAt, digest], current) <= 0) {
        return false;
      }
      agg.changeCustomer(customerId, 'usage', workload, [monthIndex], () => {
        mapIn(agg.customer(customerId).usage, workload).set(monthIndex, [
          activeUsers,
          paidLicenses,
          occurredAt,
          digest,
        ]);
      });
      return true;
    }
  }
}

/**
 * Applies events in order and returns the last one that changed the aggregate. A batch at least as
 * large as the partner (in customers and people) drops the running summaries first: rebuilding
 * them at the next score costs less than keeping them exact through every event, so the cost of a
 * batch stays proportional to the batch either way.
 */
export function applyEvents(agg: PartnerAggregate, events: readonly InputEvent[]): InputEvent | undefined {
  if (agg.observers.length > 0 && events.length >= agg.customers.size + agg.people.size) {
    agg.observers.length = 0;
  }
  let lastChange: InputEvent | undefined;
  for (const event of events) if (applyEvent(agg, event)) lastChange = event;
  return lastChange;
}

function mapIn<K, V>(outer: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let inner = outer.get(key);
  if (!inner) outer.set(key, (inner = new Map<K, V>()));
  return inner;
}

/** Spans with the same earnedAt merge into the longest one: their union is that span. */
function addEarned(holding: Holding, earnedAt: number, expiresAt: number | null): boolean {
  const existing = holding.earned.find((s) => s[0] === earnedAt);
  if (existing) {
    if (existing[1] === null || (expiresAt !== null && expiresAt <= existing[1])) return false;
    existing[1] = expiresAt;
    return true;
  }
  holding.earned.push([earnedAt, expiresAt]);
  holding.earned.sort((a, b) => a[0] - b[0]);
  return true;
}

/** One entry per instant: of two link events at the same instant the greater eventId wins. */
function addLink(links: LinkEntry[], entry: LinkEntry): boolean {
  const i = links.findIndex((l) => l[0] === entry[0]);
  if (i >= 0) {
    if (entry[2] <= (links[i] as LinkEntry)[2]) return false;
    links[i] = entry;
    return true;
  }
  links.push(entry);
  links.sort((a, b) => a[0] - b[0]);
  return true;
}

function insertSorted(values: number[], value: number): boolean {
  if (values.includes(value)) return false;
  values.push(value);
  values.sort((a, b) => a - b);
  return true;
}

/**
 * Orders usage reports: the later instant wins; at one instant the greater eventId digest
 * (contracts §1), of which the store keeps the first 4 bytes. Should two different reports at one
 * instant share those 4 bytes (2^-32 for a pair of same-millisecond reports of one customer,
 * workload and month), the greater figures (activeUsers, then paidLicenses) win: still one winner
 * whatever the arrival order, and equal figures score the same whichever wins.
 */
export function compareUsage(a: UsageReport, b: UsageReport): number {
  return compareStamp(a[2], a[3], b[2], b[3]) || a[0] - b[0] || a[1] - b[1];
}

/** Orders (instant, id-or-digest) stamps: the instant first, then the strings in code-unit order. */
export function compareStamp(atA: number, idA: string, atB: number, idB: string): number {
  if (atA !== atB) return atA - atB;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}
