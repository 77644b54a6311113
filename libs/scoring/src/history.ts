import { DESIGNATION_EVENT_TYPES, type DesignationEventType } from '@app/contracts';
import type { DesignationScore } from './score.js';
import { monthIndexOf } from './time.js';

/**
 * A partner's score history, kept in its own Redis hash next to its facts (issue 14 item 1):
 * per designation, one field of monthly snapshots and one of designation events, each a run of
 * fixed-width binary records so that the commit script can replace or append a record and cut the
 * oldest without decoding anything (libs/redis commitPartner-2.lua has the same widths and caps).
 */

/** `hm:<designationId>`: monthly snapshots, oldest first. */
export const SNAPSHOT_FIELD_PREFIX = 'hm:';
/** `he:<designationId>`: designation events, oldest first. */
export const EVENT_FIELD_PREFIX = 'he:';

/**
 * month u16 | total, performance, skilling, customerSuccess: u24 each, in hundredths of a point
 * (points are truncated to hundredths, spec §1) | flags u8 (1 qualified, 2 held). 15 bytes.
 */
export const SNAPSHOT_BYTES = 15;
/**
 * commitPartner-2.lua (and replaceHistory-1.lua) keep the last 25 snapshots: a record is written
 * only for a month in which the snapshot changed (a month without one reads as the one before), so
 * 25 records reach back at least 24 months before the current one.
 */
export const SNAPSHOTS_KEPT = 25;
/** type u8 | at u48 (epoch ms) | score u24 (hundredths) | flags u8 (1 qualified). 11 bytes. */
export const EVENT_BYTES = 11;
/** The Lua scripts keep the last 32 events: transitions are rare (a few a year), so 32 reach well past 24 months. */
export const EVENTS_KEPT = 32;

const U24_MAX = 0xffffff;
const hundredths = (points: number) => Math.min(U24_MAX, Math.max(0, Math.round(points * 100)));

export interface MonthlySnapshot {
  /** Month index (year × 12 + month − 1, UTC) of the evaluation. */
  month: number;
  score: number;
  performance: number;
  skilling: number;
  customerSuccess: number;
  qualified: boolean;
  held: boolean;
}

export interface HistoryEvent {
  type: DesignationEventType;
  at: number;
  score: number;
  qualified: boolean;
}

/** The snapshot of a designation's score at `at`: the best track's total and its points per category. */
export function snapshotOf(score: DesignationScore, held: boolean, at: number): MonthlySnapshot {
  const byCategory = { performance: 0, skilling: 0, customerSuccess: 0 };
  for (const m of score.metrics) byCategory[m.category] += hundredths(m.points);
  return {
    month: monthIndexOf(at),
    score: score.score,
    performance: byCategory.performance / 100,
    skilling: byCategory.skilling / 100,
    customerSuccess: byCategory.customerSuccess / 100,
    qualified: score.qualified,
    held,
  };
}

/** A snapshot that says nothing yet: no points, not qualified, not held (not stored as a first record). */
export function isEmptySnapshot(s: MonthlySnapshot): boolean {
  return s.score === 0 && !s.qualified && !s.held;
}

export function encodeSnapshot(s: MonthlySnapshot): Buffer {
  const b = Buffer.alloc(SNAPSHOT_BYTES);
  b.writeUInt16BE(s.month, 0);
  b.writeUIntBE(hundredths(s.score), 2, 3);
  b.writeUIntBE(hundredths(s.performance), 5, 3);
  b.writeUIntBE(hundredths(s.skilling), 8, 3);
  b.writeUIntBE(hundredths(s.customerSuccess), 11, 3);
  b.writeUInt8((s.qualified ? 1 : 0) | (s.held ? 2 : 0), 14);
  return b;
}

export function decodeSnapshots(field: Buffer | null | undefined): MonthlySnapshot[] {
  const out: MonthlySnapshot[] = [];
  if (!field) return out;
  for (let o = 0; o + SNAPSHOT_BYTES <= field.length; o += SNAPSHOT_BYTES) {
    const flags = field.readUInt8(o + 14);
    out.push({
      month: field.readUInt16BE(o),
      score: field.readUIntBE(o + 2, 3) / 100,
      performance: field.readUIntBE(o + 5, 3) / 100,
      skilling: field.readUIntBE(o + 8, 3) / 100,
      customerSuccess: field.readUIntBE(o + 11, 3) / 100,
      qualified: (flags & 1) !== 0,
      held: (flags & 2) !== 0,
    });
  }
  return out;
}

export function encodeHistoryEvent(e: HistoryEvent): Buffer {
  const b = Buffer.alloc(EVENT_BYTES);
  b.writeUInt8(DESIGNATION_EVENT_TYPES.indexOf(e.type), 0);
  b.writeUIntBE(e.at, 1, 6);
  b.writeUIntBE(hundredths(e.score), 7, 3);
  b.writeUInt8(e.qualified ? 1 : 0, 10);
  return b;
}

export function decodeHistoryEvents(field: Buffer | null | undefined): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  if (!field) return out;
  for (let o = 0; o + EVENT_BYTES <= field.length; o += EVENT_BYTES) {
    const type = DESIGNATION_EVENT_TYPES[field.readUInt8(o)];
    if (type === undefined) throw new Error(`history event record with unknown type ${field.readUInt8(o)}`);
    out.push({
      type,
      at: field.readUIntBE(o + 1, 6),
      score: field.readUIntBE(o + 7, 3) / 100,
      qualified: field.readUInt8(o + 10) === 1,
    });
  }
  return out;
}

/**
 * One snapshot per month from `from` to `to` (month indexes, inclusive): a month without a record
 * has the latest record before it (nothing changed in it). Months before the first record are left
 * out: nothing was recorded for them.
 */
export function monthlySeries(
  records: readonly MonthlySnapshot[],
  from: number,
  to: number,
): MonthlySnapshot[] {
  const out: MonthlySnapshot[] = [];
  let r = 0;
  let current: MonthlySnapshot | undefined;
  for (let month = Math.min(from, records[0]?.month ?? from); month <= to; month++) {
    while (r < records.length && (records[r] as MonthlySnapshot).month <= month) current = records[r++];
    if (current && month >= from) out.push({ ...current, month });
  }
  return out;
}
