import type { CustomerFacts, Holding, LinkEntry, PartnerAggregate, Person } from './aggregate.js';
import { type Dict, setOwn } from './own.js';
import type { Program } from './program-schema.js';
import { monthKey, monthStartMs, scoredMonth } from './time.js';

/**
 * Months a score at `now` can read: ttm(Y) reaches back to L − 23 (spec §2), so anything older
 * can no longer change a score at `now` or later.
 */
export const RETAINED_MONTHS = 24;

/**
 * Drops state that cannot affect any evaluation at `now` or later (bounded memory):
 * revenue/usage months before L − 23; certification spans that expired before the start of that
 * month; revocations and link changes older than it that a newer one supersedes; orphan
 * reversals that occurred before it. Mutates in place, through the aggregate's change calls so
 * its indexes stay exact.
 *
 * Kept on purpose: the latest old revocation of a holding and the latest old unlink of a person
 * (one entry each), because a redelivered old `certification.earned` must stay revoked/unlinked.
 *
 * Cost: every customer and person when the first retained month moves (once a month), otherwise
 * only those changed since the last prune.
 */
export function pruneAggregate(agg: PartnerAggregate, program: Program, now: number): void {
  const firstMonth = scoredMonth(now, program.dataLagDays) - (RETAINED_MONTHS - 1);
  const horizon = monthStartMs(firstMonth);
  const everything = agg.prunedFrom === null || firstMonth > agg.prunedFrom;
  for (const customerId of everything ? [...agg.customers.keys()] : [...agg.touchedCustomers]) {
    pruneCustomer(agg, customerId, firstMonth);
  }
  for (const [digest, at] of agg.reversals) {
    if (at >= horizon) continue;
    agg.reversals.delete(digest);
    agg.reversalsChanged = true;
  }
  for (const individualId of everything ? [...agg.people.keys()] : [...agg.touchedPeople]) {
    const person = agg.people.get(individualId);
    if (!person) continue;
    // Pruned on a copy first: only a person it changes goes through the indexes' before/after.
    const pruned = clonePerson(person);
    prunePerson(pruned, horizon);
    if (JSON.stringify(canonicalPerson(pruned)) === JSON.stringify(canonicalPerson(person))) continue;
    agg.changePerson(individualId, (p) => {
      p.links = pruned.links;
      p.certs = pruned.certs;
      return true;
    });
  }
  agg.prunedFrom = Math.max(agg.prunedFrom ?? firstMonth, firstMonth);
  agg.touchedCustomers.clear();
  agg.touchedPeople.clear();
}

function pruneCustomer(agg: PartnerAggregate, customerId: string, firstMonth: number): void {
  const facts = agg.customers.get(customerId);
  if (!facts) return;
  for (const source of ['revenue', 'usage'] as const) {
    for (const [workload, byMonth] of facts[source]) {
      const old = [...byMonth.keys()].filter((m) => m < firstMonth);
      if (old.length === 0) continue;
      agg.changeCustomer(customerId, source, workload, old, () => {
        for (const m of old) byMonth.delete(m);
        if (byMonth.size === 0) facts[source].delete(workload);
      });
    }
  }
  if (facts.revenue.size === 0 && facts.usage.size === 0) {
    agg.customers.delete(customerId);
    agg.changedCustomers.add(customerId);
  }
}

function prunePerson(person: Person, horizon: number): void {
  person.links = pruneLinks(person.links, horizon);
  for (const [certId, holding] of person.certs) {
    pruneHolding(holding, horizon);
    if (holding.earned.length === 0 && holding.revoked.length === 0) person.certs.delete(certId);
  }
}

/**
 * For instants ≥ horizon only the latest change before it matters; if that change is a link it
 * equals the default (linked) and goes too.
 */
function pruneLinks(links: LinkEntry[], horizon: number): LinkEntry[] {
  const old = links.filter((l) => l[0] < horizon);
  const recent = links.filter((l) => l[0] >= horizon);
  const last = old[old.length - 1];
  return last && last[1] === 0 ? [last, ...recent] : recent;
}

function pruneHolding(holding: Holding, horizon: number): void {
  holding.earned = holding.earned.filter(([, expiresAt]) => expiresAt === null || expiresAt > horizon);
  const oldRevocations = holding.revoked.filter((r) => r < horizon);
  const lastOld = oldRevocations[oldRevocations.length - 1];
  if (lastOld === undefined) return;
  // A revocation at r kills every span earned at or before r for all T ≥ r; the latest old
  // revocation therefore covers all older ones, and the spans it kills can go.
  holding.earned = holding.earned.filter(([earnedAt]) => earnedAt > lastOld);
  holding.revoked = [lastOld, ...holding.revoked.filter((r) => r >= horizon)];
}

export function clonePerson(person: Person): Person {
  return {
    links: person.links.map((l) => [...l] as LinkEntry),
    certs: new Map(
      [...person.certs].map(([id, h]) => [
        id,
        { earned: h.earned.map(([e, x]) => [e, x] as [number, number | null]), revoked: [...h.revoked] },
      ]),
    ),
  };
}

/** The canonical JSON of an aggregate (see canonicalAggregate). */
export interface CanonicalAggregate {
  v: 2;
  partnerId: string;
  people: Dict<CanonicalPerson>;
  /** customer → workload → "YYYY-MM" → item digest → cents (null: reversed) */
  revenue: Dict<Dict<Dict<Dict<number | null>>>>;
  /** pending reversals: item digest → occurredAt */
  reversals: Dict<number>;
  /** customer → workload → "YYYY-MM" → [activeUsers, paidLicenses, occurredAt, digest] */
  usage: Dict<Dict<Dict<[number, number, number, string]>>>;
}
export interface CanonicalPerson {
  links: LinkEntry[];
  certs: Dict<{ earned: [number, number | null][]; revoked: number[] }>;
}

/**
 * A deterministic plain copy: keys sorted at every level and arrays in their defined order, so
 * the same events in any order or multiplicity give deep-equal (and JSON byte-equal) results.
 */
export function canonicalAggregate(agg: PartnerAggregate): CanonicalAggregate {
  const revenue: CanonicalAggregate['revenue'] = {};
  const usage: CanonicalAggregate['usage'] = {};
  for (const customerId of sortedKeys(agg.customers)) {
    const facts = agg.customers.get(customerId) as CustomerFacts;
    if (facts.revenue.size > 0) {
      setOwn(
        revenue,
        customerId,
        sortedDict(facts.revenue, (byMonth) =>
          monthDict(byMonth, (items) => sortedDict(new Map(items.entries()), (c) => c)),
        ),
      );
    }
    if (facts.usage.size > 0) {
      setOwn(
        usage,
        customerId,
        sortedDict(facts.usage, (byMonth) =>
          monthDict(byMonth, (r) => [...r] as [number, number, number, string]),
        ),
      );
    }
  }
  return {
    v: 2,
    partnerId: agg.partnerId,
    people: sortedDict(agg.people, canonicalPerson),
    revenue,
    reversals: sortedDict(agg.reversals, (at) => at),
    usage,
  };
}

export function canonicalPerson(person: Person): CanonicalPerson {
  return {
    links: [...person.links].sort((a, b) => a[0] - b[0]).map((l) => [...l] as LinkEntry),
    certs: sortedDict(person.certs, (h) => ({
      earned: [...h.earned].sort((a, b) => a[0] - b[0]).map(([e, x]) => [e, x] as [number, number | null]),
      revoked: [...h.revoked].sort((a, b) => a - b),
    })),
  };
}

function sortedKeys(map: ReadonlyMap<string, unknown>): string[] {
  return [...map.keys()].sort();
}

function sortedDict<T, U>(map: ReadonlyMap<string, T>, f: (value: T) => U): Dict<U> {
  const out: Dict<U> = {};
  for (const key of sortedKeys(map)) setOwn(out, key, f(map.get(key) as T));
  return out;
}

function monthDict<T, U>(map: ReadonlyMap<number, T>, f: (value: T) => U): Dict<U> {
  const out: Dict<U> = {};
  for (const month of [...map.keys()].sort((a, b) => a - b)) {
    setOwn(out, monthKey(month), f(map.get(month) as T));
  }
  return out;
}
