import type { InputEvent } from '@app/contracts';
import { invalidateDataIndex } from './measures.js';
import { type Dict, ensureOwn, entriesOf, getOwn, setOwn } from './own.js';

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
  certs: Dict<Holding>;
}
/** The winning usage report of a (customer, workload, month): latest by (occurredAt, eventId). */
export type UsageReport = [activeUsers: number, paidLicenses: number, occurredAt: number, eventId: string];

/**
 * Everything a partner's score depends on, as plain JSON (it is stored in Redis). Applying is
 * idempotent and commutative by construction: every field is a set or a max, never a counter.
 * - people: individualId → links and certification holdings
 * - revenue: customer → workload → "YYYY-MM" → eventId → cents (integer, exact sums);
 *   null marks a reversed item (kept so a redelivered item stays reversed)
 * - reversals: reversals whose item has not arrived yet: reversed eventId → reversal occurredAt
 * - usage: customer → workload → "YYYY-MM" → winning report
 * Change it only through applyEvent and pruneAggregate: a derived index is cached per object.
 */
export interface PartnerAggregate {
  v: 1;
  partnerId: string;
  people: Dict<Person>;
  revenue: Dict<Dict<Dict<Dict<number | null>>>>;
  reversals: Dict<number>;
  usage: Dict<Dict<Dict<UsageReport>>>;
}

export function emptyAggregate(partnerId: string): PartnerAggregate {
  return { v: 1, partnerId, people: {}, revenue: {}, reversals: {}, usage: {} };
}

const newPerson = (): Person => ({ links: [], certs: {} });
const newHolding = (): Holding => ({ earned: [], revoked: [] });
const newDict = <T>(): Dict<T> => ({});

/**
 * Applies one input event in place. Idempotent by eventId and commutative: any order and any
 * duplication of the same events yields the same aggregate (up to key order, see
 * canonicalAggregate). Returns whether the aggregate changed: false for a redelivered or
 * superseded event, which can then neither cause a designation change nor need a new score.
 */
export function applyEvent(agg: PartnerAggregate, event: InputEvent): boolean {
  const changed = applyChange(agg, event);
  if (changed) invalidateDataIndex(agg);
  return changed;
}

function applyChange(agg: PartnerAggregate, event: InputEvent): boolean {
  const occurredAt = Date.parse(event.occurredAt);
  switch (event.type) {
    case 'certification.earned': {
      const earnedAt = event.data.earnedAt ? Date.parse(event.data.earnedAt) : occurredAt;
      const expiresAt = event.data.expiresAt ? Date.parse(event.data.expiresAt) : null;
      // An earnedAt defaulted from occurredAt can land after expiresAt: such a span is never valid.
      if (expiresAt !== null && expiresAt <= earnedAt) return false;
      return addEarned(holdingOf(agg, event.data.individualId, event.data.certificationId), earnedAt, expiresAt);
    }
    case 'certification.revoked':
      return insertSorted(holdingOf(agg, event.data.individualId, event.data.certificationId).revoked, occurredAt);
    case 'individual.linked':
    case 'individual.unlinked':
      return addLink(ensureOwn(agg.people, event.data.individualId, newPerson).links, [
        occurredAt,
        event.type === 'individual.linked' ? 1 : 0,
        event.eventId,
      ]);
    case 'revenue.recorded': {
      const { customerId, workload, month, amountUsd } = event.data;
      const byMonth = ensureOwn(
        ensureOwn(agg.revenue, customerId, newDict<Dict<Dict<number | null>>>),
        workload,
        newDict<Dict<number | null>>,
      );
      const items = ensureOwn(byMonth, month, newDict<number | null>);
      if (getOwn(items, event.eventId) !== undefined) return false;
      const reversedEarlier = getOwn(agg.reversals, event.eventId) !== undefined;
      if (reversedEarlier) delete agg.reversals[event.eventId];
      setOwn(items, event.eventId, reversedEarlier ? null : Math.round(amountUsd * 100));
      return true;
    }
    case 'revenue.reversed': {
      const target = event.data.reversesEventId;
      const items = findRevenueItem(agg, target);
      if (items) {
        if (getOwn(items, target) === null) return false;
        setOwn(items, target, null);
        return true;
      }
      const pendingSince = getOwn(agg.reversals, target);
      if (pendingSince !== undefined && pendingSince >= occurredAt) return false;
      setOwn(agg.reversals, target, occurredAt);
      return true;
    }
    case 'usage.reported': {
      const { customerId, workload, month, activeUsers, paidLicenses } = event.data;
      const byMonth = ensureOwn(
        ensureOwn(agg.usage, customerId, newDict<Dict<UsageReport>>),
        workload,
        newDict<UsageReport>,
      );
      const current = getOwn(byMonth, month);
      if (current && compareStamp(occurredAt, event.eventId, current[2], current[3]) <= 0) return false;
      setOwn(byMonth, month, [activeUsers, paidLicenses, occurredAt, event.eventId]);
      return true;
    }
  }
}

function holdingOf(agg: PartnerAggregate, individualId: string, certificationId: string): Holding {
  return ensureOwn(ensureOwn(agg.people, individualId, newPerson).certs, certificationId, newHolding);
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

export function compareStamp(atA: number, idA: string, atB: number, idB: string): number {
  if (atA !== atB) return atA - atB;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

/** Reversals are rare, so a scan beats keeping an eventId index in the stored aggregate. */
function findRevenueItem(agg: PartnerAggregate, eventId: string): Dict<number | null> | undefined {
  for (const [, byWorkload] of entriesOf(agg.revenue)) {
    for (const [, byMonth] of entriesOf(byWorkload)) {
      for (const [, items] of entriesOf(byMonth)) {
        if (Object.hasOwn(items, eventId)) return items;
      }
    }
  }
  return undefined;
}
