import fc from 'fast-check';
import {
  MCPP_PROGRAM,
  applyEvent,
  canonicalAggregate,
  emptyAggregate,
  pruneAggregate,
  scorePartner,
} from '../src/index.js';
import { PARTNER, aggregateOf, ms, singleMetricProgram } from './support/events.js';
import { histories } from './support/histories.js';

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
          const before = JSON.stringify(canonicalAggregate(agg));
          const changed = applyEvent(agg, event);
          expect(changed).toBe(JSON.stringify(canonicalAggregate(agg)) !== before);
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
