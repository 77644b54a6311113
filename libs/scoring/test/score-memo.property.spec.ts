import fc from 'fast-check';
import {
  MCPP_PROGRAM,
  applyEvent,
  applyEvents,
  emptyAggregate,
  pruneAggregate,
  scoreMemoFor,
  scorePartner,
} from '../src/index.js';
import { allComponentsProgram } from './support/all-components-program.js';
import { PARTNER, ms } from './support/events.js';
import { histories } from './support/histories.js';
import { fixedInstants, instantsOf } from './support/instants.js';

const programs = [MCPP_PROGRAM, allComponentsProgram];
describe('score memo (the scorer keeps designation scores whose inputs did not change)', () => {
  it('scores exactly as from scratch after every event and prune, at instants in any order', () => {
    let reused = 0;
    fc.assert(
      fc.property(
        histories,
        fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        fc.array(fc.nat({ max: 60 }), { maxLength: 2 }),
        ([, , duplicated], order, prunePositions) => {
          const agg = emptyAggregate(PARTNER);
          const memo = scoreMemoFor(agg);
          const check = (): void => {
            const instants = instantsOf(agg);
            // A few instants per step, in a random order: forwards, backwards, across change points.
            const picked = order.map((k) => instants[k % instants.length] as number);
            for (const at of picked) {
              for (const program of programs) {
                for (const explain of [false, true]) {
                  const kept = scorePartner(program, agg, at, explain, memo);
                  const fresh = scorePartner(program, agg, at, explain);
                  expect(kept).toEqual(fresh);
                }
              }
            }
          };
          check();
          duplicated.forEach((event, i) => {
            applyEvent(agg, event);
            if (prunePositions.includes(i)) pruneAggregate(agg, MCPP_PROGRAM, ms('2027-08-01T00:00:00Z'));
            check();
          });
          reused += memo.hits;
          // A batch as large as the partner drops the observers, the memo with them.
          applyEvents(agg, [...duplicated].reverse());
          expect(
            scorePartner(MCPP_PROGRAM, agg, fixedInstants[3] as number, false, scoreMemoFor(agg)),
          ).toEqual(scorePartner(MCPP_PROGRAM, agg, fixedInstants[3] as number, false));
        },
      ),
      { numRuns: 60 },
    );
    // Means something only if kept scores were actually served.
    expect(reused).toBeGreaterThan(1000);
  });
});
