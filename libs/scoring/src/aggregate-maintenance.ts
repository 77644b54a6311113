import type { Holding, LinkEntry, PartnerAggregate, Person } from './aggregate.js';
import { invalidateDataIndex } from './measures.js';
import { type Dict, entriesOf, isEmpty, sortedDict } from './own.js';
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
 * reversals that occurred before it. Mutates in place.
 *
 * Kept on purpose: the latest old revocation of a holding and the latest old unlink of a person
 * (one entry each), because a redelivered old `certification.earned` must stay revoked/unlinked.
 */
export function pruneAggregate(agg: PartnerAggregate, program: Program, now: number): void {
  invalidateDataIndex(agg);
  const firstMonth = scoredMonth(now, program.dataLagDays) - (RETAINED_MONTHS - 1);
  const firstKey = monthKey(firstMonth);
  const horizon = monthStartMs(firstMonth);
  pruneMonths(agg.revenue, firstKey);
  pruneMonths(agg.usage, firstKey);
  for (const [eventId, at] of entriesOf(agg.reversals)) {
    if (at < horizon) delete agg.reversals[eventId];
  }
  for (const [individualId, person] of entriesOf(agg.people)) {
    person.links = pruneLinks(person.links, horizon);
    for (const [certId, holding] of entriesOf(person.certs)) {
      pruneHolding(holding, horizon);
      if (holding.earned.length === 0 && holding.revoked.length === 0) delete person.certs[certId];
    }
    if (person.links.length === 0 && isEmpty(person.certs)) delete agg.people[individualId];
  }
}

function pruneMonths<T>(byCustomer: Dict<Dict<Dict<T>>>, firstKey: string): void {
  for (const [customerId, byWorkload] of entriesOf(byCustomer)) {
    for (const [workload, byMonth] of entriesOf(byWorkload)) {
      // "YYYY-MM" keys compare in calendar order as strings.
      for (const month of Object.keys(byMonth)) if (month < firstKey) delete byMonth[month];
      if (isEmpty(byMonth)) delete byWorkload[workload];
    }
    if (isEmpty(byWorkload)) delete byCustomer[customerId];
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

/**
 * A deterministic copy: keys sorted at every level and arrays in their defined order, so the
 * same events in any order or multiplicity give deep-equal (and JSON byte-equal) results.
 */
export function canonicalAggregate(agg: PartnerAggregate): PartnerAggregate {
  return {
    v: 1,
    partnerId: agg.partnerId,
    people: sortedDict(agg.people, canonicalPerson),
    revenue: sortedDict(agg.revenue, (w) =>
      sortedDict(w, (m) => sortedDict(m, (items) => sortedDict(items, (c) => c))),
    ),
    reversals: sortedDict(agg.reversals, (at) => at),
    usage: sortedDict(agg.usage, (w) => sortedDict(w, (m) => sortedDict(m, (r) => [...r] as typeof r))),
  };
}

function canonicalPerson(person: Person): Person {
  return {
    links: [...person.links].sort((a, b) => a[0] - b[0]).map((l) => [...l] as LinkEntry),
    certs: sortedDict(person.certs, (h) => ({
      earned: [...h.earned].sort((a, b) => a[0] - b[0]).map(([e, x]) => [e, x] as [number, number | null]),
      revoked: [...h.revoked].sort((a, b) => a - b),
    })),
  };
}
