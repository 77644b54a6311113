import {
  type CustomerFacts,
  type LinkEntry,
  PartnerAggregate,
  type Person,
  RevenueItems,
  type UsageReport,
} from './aggregate.js';
import { type CanonicalPerson, canonicalPerson } from './aggregate-maintenance.js';
import { ByteReader, ByteWriter } from './bytes.js';
import { REVENUE_DIGEST_BYTES, USAGE_DIGEST_BYTES, revenueDigest, usageDigest } from './ids.js';
import { entriesOf } from './own.js';
import { monthStartMs, parseMonthKey } from './time.js';

/**
 * The stored form of an aggregate: one field per customer, per person, plus the pending reversals
 * and the workload dictionary, so that a change writes only the fields it touched (the store keeps
 * them in one Redis hash). Layout version 2; docs/operations.md describes it.
 *
 * Fields:
 * - `c:<customerId>`: binary, see encodeCustomer
 * - `i:<individualId>`: JSON [links, certs] of canonicalPerson
 * - `x`: JSON { item digest: occurredAt } of reversals whose item has not arrived
 * - `w`: JSON array of workload ids; customers refer to workloads by their position in it
 */
export const AGGREGATE_LAYOUT = 3;

/**
 * Digest bytes per revenue item and usage report in each readable layout of the customer fields.
 * Layout 2 (2026-11-28, morning) kept 8 of each; reading it keeps the prefixes layout 3 stores,
 * which are the same digests cut short (revenueDigest, usageDigest), so nothing else changes.
 */
const DIGEST_BYTES: Record<2 | 3, { revenue: number; usage: number }> = {
  2: { revenue: 8, usage: 8 },
  3: { revenue: REVENUE_DIGEST_BYTES, usage: USAGE_DIGEST_BYTES },
};

const CUSTOMER = 'c:';
const PERSON = 'i:';
const REVERSALS = 'x';
const WORKLOADS = 'w';

/** Field writes and deletions that bring the stored form up to date with the aggregate. */
export interface FieldChanges {
  set: [field: string, value: Buffer][];
  del: string[];
}

interface Dictionary {
  names: string[];
  numbers: Map<string, number>;
  changed: boolean;
}
const dictionaries = new WeakMap<PartnerAggregate, Dictionary>();

function dictionaryOf(agg: PartnerAggregate): Dictionary {
  let dict = dictionaries.get(agg);
  if (!dict) dictionaries.set(agg, (dict = { names: [], numbers: new Map(), changed: false }));
  return dict;
}

function numberOf(dict: Dictionary, workload: string): number {
  let n = dict.numbers.get(workload);
  if (n === undefined) {
    n = dict.names.length;
    dict.names.push(workload);
    dict.numbers.set(workload, n);
    dict.changed = true;
  }
  return n;
}

/**
 * Rebuilds an aggregate from its stored fields (other fields of the hash are ignored). An older
 * layout comes back with every fact marked changed, so the next commit rewrites it in this one.
 */
export function decodeAggregate(
  partnerId: string,
  fields: ReadonlyMap<string, Buffer>,
  layout: 2 | 3 = AGGREGATE_LAYOUT,
): PartnerAggregate {
  const digestBytes = DIGEST_BYTES[layout];
  const agg = new PartnerAggregate(partnerId);
  const dict = dictionaryOf(agg);
  const names = fields.get(WORKLOADS);
  for (const name of names ? (JSON.parse(names.toString('utf8')) as string[]) : []) numberOf(dict, name);
  dict.changed = false;
  for (const [field, value] of fields) {
    if (field.startsWith(CUSTOMER)) {
      agg.customers.set(field.slice(CUSTOMER.length), decodeCustomer(value, dict, digestBytes));
    } else if (field.startsWith(PERSON)) agg.people.set(field.slice(PERSON.length), decodePerson(value));
    else if (field === REVERSALS) {
      for (const [digest, at] of entriesOf(JSON.parse(value.toString('utf8')) as Record<string, number>)) {
        agg.reversals.set(digest.slice(0, 2 * REVENUE_DIGEST_BYTES), at);
      }
    }
  }
  if (layout !== AGGREGATE_LAYOUT) markAllChanged(agg);
  return agg;
}

/** The fields changed since the last call, encoded; the aggregate's change record is cleared. */
export function takeChanges(agg: PartnerAggregate): FieldChanges {
  const dict = dictionaryOf(agg);
  const changes: FieldChanges = { set: [], del: [] };
  for (const customerId of agg.changedCustomers) {
    const facts = agg.customers.get(customerId);
    if (facts) changes.set.push([CUSTOMER + customerId, encodeCustomer(facts, dict)]);
    else changes.del.push(CUSTOMER + customerId);
  }
  for (const individualId of agg.changedPeople) {
    const person = agg.people.get(individualId);
    if (person) changes.set.push([PERSON + individualId, encodePerson(person)]);
    else changes.del.push(PERSON + individualId);
  }
  if (agg.reversalsChanged) {
    if (agg.reversals.size > 0) changes.set.push([REVERSALS, encodeReversals(agg)]);
    else changes.del.push(REVERSALS);
  }
  if (dict.changed) changes.set.push([WORKLOADS, Buffer.from(JSON.stringify(dict.names))]);
  dict.changed = false;
  agg.changedCustomers.clear();
  agg.changedPeople.clear();
  agg.reversalsChanged = false;
  return changes;
}

/** Every field of the stored form (a rebuild or a comparison); the change record is left as it is. */
export function encodeAggregate(agg: PartnerAggregate): Map<string, Buffer> {
  const dict = dictionaryOf(agg);
  const fields = new Map<string, Buffer>();
  for (const [customerId, facts] of agg.customers) {
    fields.set(CUSTOMER + customerId, encodeCustomer(facts, dict));
  }
  for (const [individualId, person] of agg.people) fields.set(PERSON + individualId, encodePerson(person));
  if (agg.reversals.size > 0) fields.set(REVERSALS, encodeReversals(agg));
  fields.set(WORKLOADS, Buffer.from(JSON.stringify(dict.names)));
  return fields;
}

/** An independent copy, through the stored form (no observers, nothing marked changed). */
export function cloneAggregate(agg: PartnerAggregate): PartnerAggregate {
  return decodeAggregate(agg.partnerId, encodeAggregate(agg));
}

/** Marks every fact as changed, so the next takeChanges writes the whole aggregate. */
export function markAllChanged(agg: PartnerAggregate): void {
  for (const id of agg.customers.keys()) agg.changedCustomers.add(id);
  for (const id of agg.people.keys()) agg.changedPeople.add(id);
  agg.reversalsChanged = agg.reversals.size > 0;
}

/**
 * A customer's figures. Workloads in name order, months ascending, items in digest order, so equal
 * facts encode to equal bytes. Per workload: number, month count, first month, flags, then per
 * month the gap to the previous one (unless the months are consecutive) and its figures. Revenue items: digest (6 bytes) and 0 for reversed or
 * zigzag(cents) + 1. Usage: activeUsers, paidLicenses, the report's instant as the change of its
 * offset from the month's end (reports of a series tend to arrive on the same day of the month),
 * digest.
 */
function encodeCustomer(facts: CustomerFacts, dict: Dictionary): Buffer {
  const out = new ByteWriter();
  const writeRevenueItem = (digest: string, cents: number | null): void => {
    out.digest(digest);
    out.uint(cents === null ? 0 : (cents < 0 ? -2 * cents - 1 : 2 * cents) + 1);
  };
  writeSeries(
    out,
    dict,
    facts.revenue,
    (items, _month, flags) => {
      if (!(flags & ONE_ITEM_EACH)) out.uint(items.size);
      items.forEachInDigestOrder(writeRevenueItem);
    },
    (byMonth) => {
      for (const items of byMonth.values()) if (items.size !== 1) return 0;
      return ONE_ITEM_EACH;
    },
  );
  let previousOffset = 0;
  writeSeries(
    out,
    dict,
    facts.usage,
    (report, month) => {
      const offset = report[2] - monthStartMs(month + 1);
      out.uint(report[0]);
      out.uint(report[1]);
      out.int(offset - previousOffset);
      out.digest(report[3]);
      previousOffset = offset;
    },
    () => 0,
  );
  return out.done();
}

/** Series flags: months without gaps, and (revenue) one item in every month, which most series are. */
const CONSECUTIVE = 1;
const ONE_ITEM_EACH = 2;

function writeSeries<T>(
  out: ByteWriter,
  dict: Dictionary,
  byWorkload: Map<string, Map<number, T>>,
  writeMonth: (value: T, month: number, flags: number) => void,
  flagsOf: (byMonth: ReadonlyMap<number, T>) => number,
): void {
  out.uint(byWorkload.size);
  for (const workload of [...byWorkload.keys()].sort()) {
    const byMonth = byWorkload.get(workload) as Map<number, T>;
    const months = ascendingKeys(byMonth);
    const first = months[0] ?? 0;
    const last = months[months.length - 1] ?? 0;
    const flags = (last - first + 1 === months.length ? CONSECUTIVE : 0) | flagsOf(byMonth);
    out.uint(numberOf(dict, workload));
    out.uint(months.length);
    out.uint(first);
    out.uint(flags);
    let previous = first - 1;
    for (const month of months) {
      if (!(flags & CONSECUTIVE)) out.uint(month - previous - 1);
      writeMonth(byMonth.get(month) as T, month, flags);
      previous = month;
    }
  }
}

/** The months of a series ascending; they mostly arrive in order, and then need no sort. */
function ascendingKeys(byMonth: ReadonlyMap<number, unknown>): number[] {
  const months = [...byMonth.keys()];
  for (let i = 1; i < months.length; i++) {
    if ((months[i] as number) < (months[i - 1] as number)) return months.sort((a, b) => a - b);
  }
  return months;
}

function decodeCustomer(
  blob: Buffer,
  dict: Dictionary,
  digestBytes: { revenue: number; usage: number },
): CustomerFacts {
  const input = new ByteReader(blob);
  const revenue = readSeries<RevenueItems>(input, dict, (_month, flags) => {
    const items = new RevenueItems();
    for (let n = flags & ONE_ITEM_EACH ? 1 : input.uint(); n > 0; n--) {
      const digest = input.digest(digestBytes.revenue, REVENUE_DIGEST_BYTES);
      const code = input.uint();
      const z = code - 1;
      items.set(digest, code === 0 ? null : z % 2 === 1 ? -(z + 1) / 2 : z / 2);
    }
    return items;
  });
  let previousOffset = 0;
  const usage = readSeries<UsageReport>(input, dict, (month) => {
    const activeUsers = input.uint();
    const paidLicenses = input.uint();
    const offset = previousOffset + input.int();
    previousOffset = offset;
    return [
      activeUsers,
      paidLicenses,
      monthStartMs(month + 1) + offset,
      input.digest(digestBytes.usage, USAGE_DIGEST_BYTES),
    ];
  });
  return { revenue, usage };
}

function readSeries<T>(
  input: ByteReader,
  dict: Dictionary,
  readMonth: (month: number, flags: number) => T,
): Map<string, Map<number, T>> {
  const out = new Map<string, Map<number, T>>();
  for (let w = input.uint(); w > 0; w--) {
    const number = input.uint();
    const workload = dict.names[number];
    if (workload === undefined) {
      throw new RangeError(`stored figures name workload #${number}, which the dictionary lacks`);
    }
    const byMonth = new Map<number, T>();
    const count = input.uint();
    let month = input.uint() - 1;
    const flags = input.uint();
    for (let n = count; n > 0; n--) {
      month += (flags & CONSECUTIVE ? 0 : input.uint()) + 1;
      byMonth.set(month, readMonth(month, flags));
    }
    out.set(workload, byMonth);
  }
  return out;
}

const encodePerson = (person: Person): Buffer => Buffer.from(JSON.stringify(canonicalPerson(person)));
const encodeReversals = (agg: PartnerAggregate): Buffer =>
  Buffer.from(JSON.stringify(Object.fromEntries(agg.reversals)));

function decodePerson(blob: Buffer): Person {
  const p = JSON.parse(blob.toString('utf8')) as CanonicalPerson;
  return { links: p.links, certs: new Map(entriesOf(p.certs)) };
}

/** The aggregate layout before version 2: plain JSON with whole event ids. */
export interface LegacyAggregate {
  partnerId: string;
  people: Record<
    string,
    { links: LinkEntry[]; certs: Record<string, { earned: [number, number | null][]; revoked: number[] }> }
  >;
  revenue: Record<string, Record<string, Record<string, Record<string, number | null>>>>;
  reversals: Record<string, number>;
  usage: Record<string, Record<string, Record<string, [number, number, number, string]>>>;
}

/**
 * Converts a layout-1 aggregate, every fact marked changed so the next commit writes layout 2.
 * Event ids become digests; usage winners chosen by the old tie rule (eventId order) stay.
 */
export function aggregateFromLegacy(legacy: LegacyAggregate): PartnerAggregate {
  const agg = new PartnerAggregate(legacy.partnerId);
  for (const [id, person] of entriesOf(legacy.people)) {
    agg.people.set(id, { links: person.links, certs: new Map(entriesOf(person.certs)) });
  }
  for (const [customerId, byWorkload] of entriesOf(legacy.revenue)) {
    const facts = agg.customer(customerId);
    for (const [workload, byMonth] of entriesOf(byWorkload)) {
      const months = new Map<number, RevenueItems>();
      for (const [key, items] of entriesOf(byMonth)) {
        months.set(
          parseMonthKey(key),
          RevenueItems.of(entriesOf(items).map(([eventId, cents]) => [revenueDigest(eventId), cents])),
        );
      }
      facts.revenue.set(workload, months);
    }
  }
  for (const [customerId, byWorkload] of entriesOf(legacy.usage)) {
    const facts = agg.customer(customerId);
    for (const [workload, byMonth] of entriesOf(byWorkload)) {
      const months = new Map<number, UsageReport>();
      for (const [key, [au, pl, at, eventId]] of entriesOf(byMonth)) {
        months.set(parseMonthKey(key), [au, pl, at, usageDigest(eventId)]);
      }
      facts.usage.set(workload, months);
    }
  }
  for (const [eventId, at] of entriesOf(legacy.reversals)) agg.reversals.set(revenueDigest(eventId), at);
  markAllChanged(agg);
  return agg;
}
