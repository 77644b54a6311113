import {
  decodeHistoryEvents,
  decodeSnapshots,
  encodeHistoryEvent,
  encodeSnapshot,
  EVENT_BYTES,
  monthlySeries,
  SNAPSHOT_BYTES,
  snapshotOf,
  type DesignationScore,
  type MonthlySnapshot,
} from '@app/scoring';
import { monthIndexOf } from '../src/time.js';

const month = (key: string) => monthIndexOf(Date.parse(`${key}-01T00:00:00Z`));
const snap = (key: string, score: number, extra: Partial<MonthlySnapshot> = {}): MonthlySnapshot => ({
  month: month(key),
  score,
  performance: score,
  skilling: 0,
  customerSuccess: 0,
  qualified: false,
  held: false,
  ...extra,
});

describe('history records', () => {
  it('a snapshot round-trips through its 15 bytes, points in hundredths, month first (big-endian, for the Lua month check)', () => {
    const s: MonthlySnapshot = {
      month: month('2026-06'),
      score: 72.53,
      performance: 40.01,
      skilling: 20.5,
      customerSuccess: 12.02,
      qualified: true,
      held: true,
    };
    const bytes = encodeSnapshot(s);
    expect(bytes).toHaveLength(SNAPSHOT_BYTES);
    expect(bytes.readUInt16BE(0)).toBe(month('2026-06'));
    expect(
      decodeSnapshots(
        Buffer.concat([bytes, encodeSnapshot({ ...s, month: s.month + 1, qualified: false, held: false })]),
      ),
    ).toEqual([s, { ...s, month: s.month + 1, qualified: false, held: false }]);
  });

  it('an event round-trips through its 11 bytes with its millisecond instant', () => {
    const e = {
      type: 'designation.at-risk' as const,
      at: Date.parse('2026-09-10T12:34:56.789Z'),
      score: 85,
      qualified: false,
    };
    const bytes = encodeHistoryEvent(e);
    expect(bytes).toHaveLength(EVENT_BYTES);
    expect(
      decodeHistoryEvents(
        Buffer.concat([encodeHistoryEvent({ ...e, type: 'designation.granted', qualified: true }), bytes]),
      ),
    ).toEqual([{ ...e, type: 'designation.granted', qualified: true }, e]);
    expect(decodeHistoryEvents(null)).toEqual([]);
  });

  it('a snapshot sums the best track’s points per category', () => {
    const score: DesignationScore = {
      designationId: 'security',
      track: 'enterprise',
      score: 72.5,
      qualified: true,
      tracks: [],
      metrics: [
        { id: 'a', category: 'performance', points: 20, maxPoints: 20, value: 5, missing: [] },
        { id: 'b', category: 'performance', points: 12.25, maxPoints: 20, value: 3, missing: [] },
        { id: 'c', category: 'skilling', points: 30.25, maxPoints: 40, value: 4, missing: [] },
        { id: 'd', category: 'customerSuccess', points: 10, maxPoints: 20, value: 1, missing: [] },
      ],
    };
    expect(snapshotOf(score, true, Date.parse('2026-06-30T23:59:59Z'))).toEqual({
      month: month('2026-06'),
      score: 72.5,
      performance: 32.25,
      skilling: 30.25,
      customerSuccess: 10,
      qualified: true,
      held: true,
    });
  });
});

describe(monthlySeries.name, () => {
  const records = [snap('2026-01', 10), snap('2026-03', 30), snap('2026-04', 40)];

  it('gives every month of the span, a month without a record carrying the one before', () => {
    expect(
      monthlySeries(records, month('2025-11'), month('2026-06')).map((s) => [
        s.month - month('2026-01'),
        s.score,
      ]),
    ).toEqual([
      [0, 10],
      [1, 10],
      [2, 30],
      [3, 40],
      [4, 40],
      [5, 40],
    ]);
  });

  it('starts a span that begins between records from the record before it', () => {
    expect(monthlySeries(records, month('2026-02'), month('2026-03')).map((s) => s.score)).toEqual([10, 30]);
    expect(monthlySeries([], month('2026-02'), month('2026-03'))).toEqual([]);
  });
});
