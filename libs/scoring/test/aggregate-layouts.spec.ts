import type { InputEvent } from '@app/contracts';
import {
  LAYOUT_2_EVENTS as events,
  LAYOUT_2_FIELDS,
  LAYOUT_2_PARTNER as PARTNER,
} from './support/layout-2-fixture.js';
import {
  AGGREGATE_LAYOUT,
  applyEvents,
  canonicalAggregate,
  decodeAggregate,
  emptyAggregate,
  encodeAggregate,
  takeChanges,
} from '../src/index.js';

const event = (
  eventId: string,
  type: InputEvent['type'],
  occurredAt: string,
  data: Record<string, unknown>,
): InputEvent => ({ eventId, type, partnerId: PARTNER, occurredAt, data }) as InputEvent;

function fresh() {
  const agg = emptyAggregate(PARTNER);
  applyEvents(agg, events);
  takeChanges(agg);
  return agg;
}

describe('stored layouts of the partner facts', () => {
  it('writes layout 3', () => {
    expect(AGGREGATE_LAYOUT).toBe(3);
  });

  it('reads layout 2 as the same facts, every one marked changed so the next commit rewrites it', () => {
    const stored = new Map(
      Object.entries(LAYOUT_2_FIELDS).map(([field, base64]) => [field, Buffer.from(base64, 'base64')]),
    );
    const converted = decodeAggregate(PARTNER, stored, 2);
    expect(canonicalAggregate(converted)).toEqual(canonicalAggregate(fresh()));
    const rewrite = takeChanges(converted);
    // Every fact field; the workload dictionary (`w`) is the same in both layouts and stays.
    const { w: _dictionary, ...facts } = Object.fromEntries(encodeAggregate(fresh()));
    expect(Object.fromEntries(rewrite.set)).toEqual(facts);
    expect(rewrite.del).toEqual([]);
  });

  it('keeps the facts of a layout-2 partner apart from later events exactly as a clean pass does', () => {
    const stored = new Map(
      Object.entries(LAYOUT_2_FIELDS).map(([field, base64]) => [field, Buffer.from(base64, 'base64')]),
    );
    const converted = decodeAggregate(PARTNER, stored, 2);
    const later = [
      // a redelivered old item and a usage report at the winner's instant (ordered by digest)
      events[1] as InputEvent,
      event('use-2-again', 'usage.reported', '2026-06-04T00:00:00Z', {
        customerId: 'c2',
        workload: 'm365.teams',
        month: '2026-05',
        activeUsers: 1,
        paidLicenses: 2,
      }),
      event('rev-9', 'revenue.recorded', '2026-06-05T00:00:00Z', {
        customerId: 'c3',
        workload: 'azure.sql-database',
        month: '2026-05',
        amountUsd: 75,
      }),
      event('rev-3-undo', 'revenue.reversed', '2026-06-06T00:00:00Z', { reversesEventId: 'rev-3' }),
    ];
    applyEvents(converted, later);
    const clean = emptyAggregate(PARTNER);
    applyEvents(clean, [...events, ...later]);
    expect(canonicalAggregate(converted)).toEqual(canonicalAggregate(clean));
  });

  it('stores 6 bytes of a revenue id digest and 4 of a usage id digest', () => {
    const fields = encodeAggregate(fresh());
    const layout2 = (field: string) => Buffer.from(LAYOUT_2_FIELDS[field] as string, 'base64').length;
    // c1: three line items, 2 bytes shorter each; c2: two usage reports, 4 bytes shorter each.
    expect(layout2('c:c1') - (fields.get('c:c1')?.length ?? 0)).toBe(3 * 2);
    expect(layout2('c:c2') - (fields.get('c:c2')?.length ?? 0)).toBe(2 * 4);
  });
});
