import {
  type CanonicalAggregate,
  applyEvent,
  canonicalAggregate,
  emptyAggregate,
  idDigest,
  scorePartner,
} from '../src/index.js';
import { createHash } from 'node:crypto';
import type { InputEvent } from '@app/contracts';
import {
  PARTNER,
  aggregateOf,
  earned,
  ms,
  revenue,
  reversal,
  singleMetric,
  singleMetricProgram,
  usage,
} from './support/events.js';

const T = '2026-06-10T00:00:00Z'; // dataLagDays 0 → L = 2026-05
const revenueMetric = singleMetricProgram([
  { kind: 'growth', source: 'revenue', workloads: ['*'], window: 'month', mode: 'absolute', fullAt: 1000 },
]);
const usageMetric = (measure: string) =>
  singleMetricProgram([
    {
      kind: 'growth',
      source: 'usage',
      workloads: ['*'],
      measure,
      window: 'month',
      mode: 'absolute',
      fullAt: 1000,
    },
  ]);

describe('applyEvent', () => {
  it('sums revenue line items in exact cents', () => {
    const events = [
      revenue('c1', 'azure.sql', '2026-05', 0.1),
      revenue('c1', 'azure.sql', '2026-05', 0.2),
      revenue('c2', 'azure.sql', '2026-05', -0.3),
    ];
    expect(singleMetric(revenueMetric, events, T).value).toBe(0); // 0.1 + 0.2 − 0.3 = 0 exactly
  });

  it('drops a reversed item, whether the reversal comes after or before it', () => {
    const item = revenue('c1', 'azure.sql', '2026-05', 500, { eventId: 'item-1' });
    const keep = revenue('c1', 'azure.sql', '2026-05', 70);
    const undo = reversal('item-1', '2026-06-02T00:00:00Z');
    expect(singleMetric(revenueMetric, [item, keep, undo], T).value).toBe(70);
    expect(singleMetric(revenueMetric, [undo, keep, item], T).value).toBe(70);
    expect(canonicalAggregate(aggregateOf([item, undo]))).toEqual(
      canonicalAggregate(aggregateOf([undo, item])),
    );
    // a redelivered item stays reversed
    expect(singleMetric(revenueMetric, [item, undo, item], T).value).toBe(0);
  });

  it('keeps the usage report with the greatest (occurredAt, digest of the eventId)', () => {
    const a = usage('c1', 'm365.teams', '2026-05', 10, 20, {
      occurredAt: '2026-06-03T00:00:00Z',
      eventId: 'a',
    });
    const b = usage('c1', 'm365.teams', '2026-05', 30, 40, {
      occurredAt: '2026-06-02T00:00:00Z',
      eventId: 'z',
    });
    const c = usage('c1', 'm365.teams', '2026-05', 50, 60, {
      occurredAt: '2026-06-03T00:00:00Z',
      eventId: 'b',
    });
    for (const order of [
      [a, b, c],
      [c, b, a],
      [b, c, a],
    ]) {
      // a and c share an instant. By string "b" > "a", but the contract (since 2026-11-28) orders
      // them by digest: sha256("a") starts ca978112ca1bbdca, sha256("b") 3e23e8160039594a, so a wins.
      expect(idDigest('a') > idDigest('b')).toBe(true);
      expect(singleMetric(usageMetric('activeUsers'), order, T).value).toBe(10);
    }
  });

  it('orders same-instant reports whose 4 stored digest bytes collide by their figures, in any arrival order', () => {
    // sha256("use-1999") starts 9087f9fd ce6c…, sha256("use-4035") 9087f9fd f7c5…: the store keeps
    // 4 bytes (README, "Partner state in Redis"), so the greater figures decide between them.
    expect(idDigest('use-1999').slice(0, 8)).toBe(idDigest('use-4035').slice(0, 8));
    const at = { occurredAt: '2026-06-03T00:00:00Z' };
    const small = usage('c1', 'm365.teams', '2026-05', 10, 20, { ...at, eventId: 'use-4035' });
    const large = usage('c1', 'm365.teams', '2026-05', 30, 20, { ...at, eventId: 'use-1999' });
    for (const order of [
      [small, large],
      [large, small],
      [large, small, large, small],
    ]) {
      expect(singleMetric(usageMetric('activeUsers'), order, T).value).toBe(30);
    }
  });

  it('computes the digest as the first 8 bytes of SHA-256 of the UTF-8 bytes, big-endian', () => {
    expect(idDigest('a')).toBe('ca978112ca1bbdca');
    // UTF-8, not UTF-16: sha256 of the two bytes c3 a9.
    expect(idDigest('é')).toBe(
      createHash('sha256')
        .update(Buffer.from([0xc3, 0xa9]))
        .digest('hex')
        .slice(0, 16),
    );
  });

  it('is idempotent by eventId', () => {
    const events = [
      revenue('c1', 'azure.sql', '2026-05', 100, { eventId: 'x' }),
      earned('ann', 'cert-a', '2026-01-01T00:00:00Z', { eventId: 'e' }),
    ];
    expect(canonicalAggregate(aggregateOf([...events, ...events, events[0]!]))).toEqual(
      canonicalAggregate(aggregateOf(events)),
    );
  });

  it('never lets an upstream id reach an object prototype', () => {
    const agg = emptyAggregate('p');
    applyEvent(
      agg,
      revenue('__proto__', 'constructor', '2026-05', 100, { eventId: '__proto__', partnerId: 'p' }),
    );
    applyEvent(agg, earned('__proto__', 'toString', '2026-01-01T00:00:00Z', { partnerId: 'p' }));
    const canonical = canonicalAggregate(agg);
    expect(Object.getPrototypeOf(canonical.revenue)).toBe(Object.prototype);
    expect(Object.keys(canonical.revenue)).toEqual(['__proto__']);
    const copy = JSON.parse(JSON.stringify(canonical)) as CanonicalAggregate;
    expect(Object.keys(copy.people)).toEqual(['__proto__']);
    expect(() => scorePartner(revenueMetric, agg, ms(T))).not.toThrow();
    expect(singleMetric(revenueMetric, [revenue('__proto__', 'constructor', '2026-05', 100)], T).value).toBe(
      100,
    );
  });

  it('ignores a certification whose earnedAt (defaulted from occurredAt) is not before expiresAt', () => {
    const noEarnedAt: InputEvent = {
      eventId: 'e1',
      type: 'certification.earned',
      partnerId: PARTNER,
      occurredAt: '2026-05-01T00:00:00Z',
      data: { individualId: 'ann', certificationId: 'cert-a', expiresAt: '2026-04-01T00:00:00Z' },
    };
    expect(canonicalAggregate(aggregateOf([noEarnedAt])).people).toEqual({});
  });

  it('merges spans earned at the same instant into the longest', () => {
    const short = earned('ann', 'cert-a', '2026-01-01T00:00:00Z', { expiresAt: '2026-06-01T00:00:00Z' });
    const open = earned('ann', 'cert-a', '2026-01-01T00:00:00Z');
    expect(canonicalAggregate(aggregateOf([short, open])).people['ann']!.certs['cert-a']!.earned).toEqual([
      [ms('2026-01-01T00:00:00Z'), null],
    ]);
    expect(canonicalAggregate(aggregateOf([open, short])).people['ann']!.certs['cert-a']!.earned).toEqual([
      [ms('2026-01-01T00:00:00Z'), null],
    ]);
  });
});
