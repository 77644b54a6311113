import type { InputEvent } from '@app/contracts';
import fc from 'fast-check';
import { MCPP_PROGRAM, applyEvent, canonicalAggregate, emptyAggregate, pruneAggregate, scorePartner } from '../src/index.js';
import { PARTNER, aggregateOf, ms, singleMetricProgram } from './support/events.js';

// A small universe so that events collide often: same people, customers, months and instants.
const individual = fc.constantFrom('i1', 'i2', 'i3', 'i4');
const certification = fc.constantFrom('cert-a', 'cert-b', 'azure-security-engineer-associate');
const customer = fc.constantFrom('c1', 'c2', 'c3');
const workload = fc.constantFrom('azure.sql', 'azure.firewall', 'm365.intune', 'd365.business-central');
const month = fc.constantFrom('2024-05', '2024-06', '2025-05', '2025-06', '2026-04', '2026-05', '2026-06');
const instant = fc.constantFrom(
  '2024-01-01T00:00:00Z',
  '2025-05-01T00:00:00Z',
  '2026-01-01T00:00:00Z',
  '2026-05-20T00:00:00Z',
  '2026-06-25T00:00:00Z',
  '2027-01-01T00:00:00Z',
);
const count = fc.integer({ min: 0, max: 500 });
const amount = fc.integer({ min: -50000, max: 200000 }).map((cents) => cents / 100);

type Draft = Omit<InputEvent, 'eventId' | 'partnerId'>;
const draft: fc.Arbitrary<Draft> = fc.oneof(
  fc.record({
    type: fc.constant('certification.earned' as const),
    occurredAt: instant,
    data: fc.record(
      {
        individualId: individual,
        certificationId: certification,
        earnedAt: instant,
        expiresAt: fc.option(instant, { nil: undefined }),
      },
      { requiredKeys: ['individualId', 'certificationId', 'earnedAt'] },
    ),
  }),
  fc.record({
    type: fc.constant('certification.revoked' as const),
    occurredAt: instant,
    data: fc.record({ individualId: individual, certificationId: certification }),
  }),
  fc.record({
    type: fc.constantFrom('individual.linked' as const, 'individual.unlinked' as const),
    occurredAt: instant,
    data: fc.record({ individualId: individual }),
  }),
  fc.record({
    type: fc.constant('revenue.recorded' as const),
    occurredAt: instant,
    data: fc.record({ customerId: customer, workload, month, amountUsd: amount }),
  }),
  fc.record({
    type: fc.constant('revenue.reversed' as const),
    occurredAt: instant,
    data: fc.record({ reversesEventId: fc.integer({ min: 0, max: 40 }).map((i) => `e${i}`) }),
  }),
  fc.record({
    type: fc.constant('usage.reported' as const),
    occurredAt: instant,
    data: fc.record({ customerId: customer, workload, month, activeUsers: count, paidLicenses: count }),
  }),
);

/** Distinct events (ids e0, e1, …), a shuffled copy, and a shuffled copy with duplicates. */
const histories = fc
  .array(draft, { maxLength: 40 })
  .map((drafts) => drafts.map((d, i) => ({ ...d, eventId: `e${i}`, partnerId: PARTNER }) as InputEvent))
  .chain((events) =>
    fc.tuple(
      fc.constant(events),
      fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
      fc.tuple(fc.subarray(events), fc.array(fc.nat())).map(([dups, keys]) =>
        [...events, ...dups]
          .map((e, i) => ({ e, k: keys[i] ?? i }))
          .sort((a, b) => a.k - b.k)
          .map(({ e }) => e),
      ),
    ),
  );

const program = singleMetricProgram(
  [
    { kind: 'certifiedPeople', certifications: ['cert-a', 'cert-b'], fullAt: 3 },
    {
      kind: 'netQualifying',
      source: 'revenue',
      workloads: ['azure.*'],
      per: 'customer',
      window: 'twoMonths',
      atLeast: 100,
      fullAt: 2,
    },
    {
      kind: 'growth',
      source: 'usage',
      workloads: ['*'],
      measure: 'activeRatio',
      window: 'month',
      mode: 'absolute',
      fullAt: 1,
    },
    { kind: 'distinctWorkloads', workloads: ['*'], greaterThan: 0, fullAt: 3 },
  ],
  { certifications: ['cert-a', 'cert-b', 'cert-c'] },
);
const MCPP_AT = ms('2026-06-25T00:00:00Z');
const instants = [
  '2025-06-01T00:00:00Z',
  '2026-05-20T00:00:00Z',
  '2026-06-25T00:00:00Z',
  '2027-02-01T00:00:00Z',
].map(ms);

describe('aggregate properties', () => {
  it('any order and any duplication of the same events give the same canonical aggregate and scores', () => {
    fc.assert(
      fc.property(histories, ([events, shuffled, duplicated]) => {
        const reference = aggregateOf(events);
        for (const other of [aggregateOf(shuffled), aggregateOf(duplicated)]) {
          expect(canonicalAggregate(other)).toEqual(canonicalAggregate(reference));
          expect(JSON.stringify(canonicalAggregate(other))).toBe(
            JSON.stringify(canonicalAggregate(reference)),
          );
          for (const at of instants) {
            expect(scorePartner(program, other, at)).toEqual(scorePartner(program, reference, at));
          }
          // MCPP reads every measure and window kind; one instant keeps the suite quick.
          expect(scorePartner(MCPP_PROGRAM, other, MCPP_AT)).toEqual(
            scorePartner(MCPP_PROGRAM, reference, MCPP_AT),
          );
        }
      }),
      { numRuns: 100 },
    );
  });

  it('applyEvent reports a change exactly when the stored aggregate changes', () => {
    // The scorer skips evaluating and writing a partner whose events all report no change, and
    // names the last changing event as a designation change's cause: both rely on this.
    fc.assert(
      fc.property(histories, ([, , duplicated]) => {
        const agg = emptyAggregate(PARTNER);
        let changes = 0;
        for (const event of duplicated) {
          const before = JSON.stringify(agg);
          const changed = applyEvent(agg, event);
          expect(changed).toBe(JSON.stringify(agg) !== before);
          if (changed) changes++;
          expect(applyEvent(agg, event)).toBe(false);
        }
        expect(changes).toBeLessThanOrEqual(new Set(duplicated.map((e) => e.eventId)).size);
      }),
      { numRuns: 200 },
    );
  });

  it('pruning at the same now keeps them equal and never changes a score at now or later', () => {
    const now = ms('2026-06-25T00:00:00Z');
    fc.assert(
      fc.property(histories, ([events, , duplicated]) => {
        const a = aggregateOf(events);
        const b = aggregateOf(duplicated);
        pruneAggregate(a, program, now);
        pruneAggregate(b, program, now);
        expect(canonicalAggregate(b)).toEqual(canonicalAggregate(a));
        const unpruned = aggregateOf(events);
        for (const at of instants.filter((t) => t >= now)) {
          expect(scorePartner(program, a, at)).toEqual(scorePartner(program, unpruned, at));
        }
      }),
      { numRuns: 100 },
    );
  });
});
