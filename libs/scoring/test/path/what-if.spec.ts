import {
  MCPP_PROGRAM,
  canonicalAggregate,
  emptyLifecycle,
  evaluatePartner,
  whatIf,
} from '../../src/index.js';
import { aggregateOf, certified, earned, ms, modernWorkUsage } from '../support/events.js';

// Modern-work enterprise at T: 12 + 2.5 + 7.5 + 20.7 + 20 = 62.7 with one advanced person (not
// held); a second one (the what-if) brings advanced to 15 and the total to 70.2.
const T = '2026-06-25T00:00:00Z';
const history = [
  ...modernWorkUsage(),
  ...certified('teams', 1, 'teams-administrator-associate'),
  ...certified('m365', 1, 'm365-enterprise-administrator-expert'),
];

describe('what-if', () => {
  const agg = aggregateOf(history);
  // The lifecycle as the scorer would hold it: evaluated at T − 1 day, not granted.
  const lifecycle = evaluatePartner(MCPP_PROGRAM, agg, emptyLifecycle(), ms('2026-06-24T00:00:00Z'), {
    kind: 'timer',
  }).lifecycle;
  const canonical = JSON.stringify(canonicalAggregate(agg));
  const extra = earned('m365-2', 'm365-enterprise-administrator-expert', '2026-06-25T00:00:00Z', {
    eventId: 'hypothetical-1',
  });
  const result = whatIf(MCPP_PROGRAM, agg, lifecycle, [extra], ms(T));
  const modernWork = (s: typeof result.before) =>
    s.designations.find((d) => d.designationId === 'modern-work');

  it('scores with the events and without them', () => {
    expect(modernWork(result.before)).toMatchObject({ score: 62.7, qualified: false });
    expect(modernWork(result.after)).toMatchObject({ score: 70.2, qualified: true });
  });

  it('reports the transitions the events cause, caused by the last of them, and none without them', () => {
    expect(result.transitions.map((t) => [t.type, t.designationId, t.cause])).toEqual([
      ['designation.granted', 'modern-work', { kind: 'event', eventId: 'hypothetical-1' }],
    ]);
    expect(result.transitionsWithout).toEqual([]);
  });

  it('writes nothing: the aggregate and the lifecycle are as they were', () => {
    expect(JSON.stringify(canonicalAggregate(agg))).toBe(canonical);
    expect(lifecycle.designations['modern-work']?.held).toBe(false);
    expect(lifecycle.lastEvaluatedAt).toBe(ms('2026-06-24T00:00:00Z'));
  });

  it('refuses an event of another partner', () => {
    const stranger = earned('x', 'teams-administrator-associate', T, { partnerId: 'someone-else' });
    expect(() => whatIf(MCPP_PROGRAM, agg, lifecycle, [stranger], ms(T))).toThrow(RangeError);
  });
});
