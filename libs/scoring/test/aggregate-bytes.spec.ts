import { createHash } from 'node:crypto';
import type { InputEvent } from '@app/contracts';
import { simulate } from '@app/simulation';
import { applyEvents, emptyAggregate, encodeAggregate, type PartnerAggregate } from '../src/index.js';

/**
 * The stored bytes of layout 3, pinned: an encoder rewritten for speed must write what the
 * stored partners hold (equal facts, equal bytes), or the layout needs a new version. The
 * fixture is the simulated stream of 60 partners, and for ten of them the cases the simulation
 * lacks: a second revenue item in a month, a month apart from the rest, a reversed item and a
 * reversal of an item not seen yet.
 */
describe('layout 3 bytes', () => {
  const sim = simulate({ seed: 77, partners: 60, lastMonth: '2026-05', months: 13, invalidRate: 0 });
  const aggregates = new Map<string, PartnerAggregate>();
  for (const record of sim.records) {
    if (!record.event) continue;
    const id = record.event.partnerId;
    const agg = aggregates.get(id) ?? emptyAggregate(id);
    aggregates.set(id, agg);
    applyEvents(agg, [record.event]);
  }
  const firstRevenue = new Map<string, InputEvent & { type: 'revenue.recorded' }>();
  for (const record of sim.records) {
    const e = record.event;
    if (e?.type === 'revenue.recorded' && !firstRevenue.has(e.partnerId)) firstRevenue.set(e.partnerId, e);
  }
  for (const [partnerId, e] of [...firstRevenue].slice(0, 10)) {
    const extra = (n: number) => ({ ...e, eventId: `${e.eventId}-extra-${n}` });
    applyEvents(aggregates.get(partnerId)!, [
      { ...extra(1), data: { ...e.data, amountUsd: 17.25 } },
      { ...extra(2), data: { ...e.data, month: '2024-01', amountUsd: -3.5 } },
      { ...extra(3), type: 'revenue.reversed', data: { reversesEventId: e.eventId } },
      { ...extra(4), type: 'revenue.reversed', data: { reversesEventId: `${partnerId}-not-seen-yet` } },
    ]);
  }

  it('covers the encoder’s cases: several items in a month, gaps between months, usage, reversed items, early reversals', () => {
    let multiItemMonths = 0;
    let gaps = 0;
    let usageMonths = 0;
    let reversedItems = 0;
    let reversals = 0;
    for (const agg of aggregates.values()) {
      reversals += agg.reversals.size;
      for (const facts of agg.customers.values()) {
        for (const byMonth of facts.revenue.values()) {
          const months = [...byMonth.keys()];
          for (const items of byMonth.values()) {
            if (items.size > 1) multiItemMonths++;
            reversedItems += items.size - items.live().count;
          }
          if (Math.max(...months) - Math.min(...months) + 1 > months.length) gaps++;
        }
        for (const byMonth of facts.usage.values()) usageMonths += byMonth.size;
      }
    }
    expect({
      multiItemMonths: multiItemMonths > 0,
      gaps: gaps > 0,
      usageMonths: usageMonths > 0,
      reversedItems: reversedItems > 0,
      reversals: reversals > 0,
    }).toEqual({
      multiItemMonths: true,
      gaps: true,
      usageMonths: true,
      reversedItems: true,
      reversals: true,
    });
  });

  it('encodes the fixture to the pinned digest', () => {
    const hash = createHash('sha256');
    for (const id of [...aggregates.keys()].sort()) {
      const fields = encodeAggregate(aggregates.get(id)!);
      for (const field of [...fields.keys()].sort()) {
        hash.update(`${id}\0${field}\0`);
        hash.update(fields.get(field)!);
      }
    }
    expect(hash.digest('hex')).toBe('a870ae6d389079925a7e6fe921a1d7f39a1ac428a099d5073819a45607915c6e');
  });
});
