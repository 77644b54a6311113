import fc from 'fast-check';
import {
  MCPP_PROGRAM,
  applyEvent,
  applyEvents,
  canonicalAggregate,
  decodeAggregate,
  emptyAggregate,
  emptyLifecycle,
  encodeAggregate,
  nextChangeAt,
  pruneAggregate,
  scorePartner,
  takeChanges,
  type PartnerAggregate,
} from '../src/index.js';
import { allComponentsProgram as program } from './support/all-components-program.js';
import { PARTNER, ms } from './support/events.js';
import { histories } from './support/histories.js';

const instants = [
  '2024-06-01T00:00:00Z',
  '2025-06-01T00:00:00Z',
  '2026-05-20T00:00:00Z',
  '2026-06-25T00:00:00Z',
  '2027-02-01T00:00:00Z',
].map(ms);
const pruneAt = ['2026-05-01T00:00:00Z', '2026-06-25T00:00:00Z', '2027-08-01T00:00:00Z'].map(ms);

/** The aggregate as a fresh reader sees it: through the stored form, with indexes built from scratch. */
function reloaded(agg: PartnerAggregate): PartnerAggregate {
  return decodeAggregate(agg.partnerId, encodeAggregate(agg));
}

/** The stored form as a writer keeps it: the fields of every takeChanges, later writes winning. */
function writeChanges(stored: Map<string, Buffer>, agg: PartnerAggregate): void {
  const { set, del } = takeChanges(agg);
  for (const [field, value] of set) stored.set(field, value);
  for (const field of del) stored.delete(field);
}

function observe(agg: PartnerAggregate): string {
  return JSON.stringify(
    instants.map((at) => [
      scorePartner(program, agg, at),
      scorePartner(MCPP_PROGRAM, agg, at),
      nextChangeAt(program, agg, emptyLifecycle(), at),
    ]),
  );
}

describe('incremental summaries', () => {
  it('scores, next change points and the stored form equal a from-scratch rebuild after every step', () => {
    fc.assert(
      fc.property(
        histories,
        fc.array(fc.nat({ max: 60 }), { maxLength: 3 }),
        ([events, , duplicated], prunePositions) => {
          const agg = emptyAggregate(PARTNER);
          const stored = new Map<string, Buffer>();
          // Scoring first builds the indexes; every later event and prune must keep them exact.
          observe(agg);
          let pruned = 0;
          duplicated.forEach((event, i) => {
            applyEvent(agg, event);
            if (prunePositions.includes(i) && pruned < pruneAt.length) {
              pruneAggregate(agg, program, pruneAt[pruned++] as number);
            }
            if (i % 7 === 0) expect(observe(agg)).toBe(observe(reloaded(agg)));
            if (i % 3 === 0) writeChanges(stored, agg);
          });
          // A batch as large as the partner drops the summaries; the next score rebuilds them.
          applyEvents(agg, [...events].reverse());
          expect(observe(agg)).toBe(observe(reloaded(agg)));
          writeChanges(stored, agg);
          // Writing only what changed leaves the same stored form as writing everything.
          expect(canonicalAggregate(decodeAggregate(PARTNER, stored))).toEqual(canonicalAggregate(agg));
          const fresh = reloaded(agg);
          expect(canonicalAggregate(fresh)).toEqual(canonicalAggregate(agg));
          expect(observe(agg)).toBe(observe(fresh));
        },
      ),
      { numRuns: 150 },
    );
  });
});
