import { emptyLifecycle, evaluatePartner, nextChangeAt } from '../src/index.js';
import { aggregateOf, earned, ms } from './support/events.js';
import { peopleProgram } from './support/lifecycle-program.js';

const program = peopleProgram('anniversary');
// 7 people from 2026-01-15; p7's certification expires on 2026-03-10 at 12:00.
const agg = aggregateOf([
  ...['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((p) => earned(p, 'cert-a', '2026-01-15T00:00:00Z')),
  earned('p7', 'cert-a', '2026-01-15T00:00:00Z', { expiresAt: '2026-03-10T12:00:00Z' }),
]);
const start = evaluatePartner(program, agg, emptyLifecycle(), ms('2026-01-20T00:00:00Z'), {
  kind: 'event',
  eventId: 'e1',
});

describe('evaluatePartner', () => {
  it('grants at the evaluation instant and records it', () => {
    expect(start.transitions.map((t) => t.type)).toEqual(['designation.granted']);
    expect(start.transitions[0]).toMatchObject({
      at: ms('2026-01-20T00:00:00Z'),
      cause: { kind: 'event', eventId: 'e1' },
    });
    expect(start.lifecycle).toEqual({
      lastEvaluatedAt: ms('2026-01-20T00:00:00Z'),
      designations: {
        d: {
          held: true,
          grantedAt: ms('2026-01-20T00:00:00Z'),
          anniversary: ms('2027-01-20T00:00:00Z'),
          renewals: 0,
          lastQualifiedAt: ms('2026-01-20T00:00:00Z'),
          atRisk: false,
        },
      },
    });
    expect(start.score.designations[0]).toMatchObject({ score: 70, qualified: true });
  });

  it('catches up on change points strictly between the last evaluation and now, at their own instants', () => {
    const later = evaluatePartner(program, agg, start.lifecycle, ms('2026-04-02T00:00:00Z'), {
      kind: 'timer',
    });
    // The expiry (2026-03-10 12:00) is the only change that alters the outcome; its cause is 'expiry'.
    expect(later.transitions.map((t) => [t.type, new Date(t.at).toISOString(), t.cause.kind])).toEqual([
      ['designation.at-risk', '2026-03-10T12:00:00.000Z', 'expiry'],
    ]);
    expect(later.lifecycle.lastEvaluatedAt).toBe(ms('2026-04-02T00:00:00Z'));
    expect(later.score.at).toBe(ms('2026-04-02T00:00:00Z'));
  });

  it('is idempotent at the same now and does not mutate its input', () => {
    const frozen = structuredClone(start.lifecycle);
    const later = evaluatePartner(program, agg, start.lifecycle, ms('2026-04-02T00:00:00Z'), {
      kind: 'timer',
    });
    expect(start.lifecycle).toEqual(frozen);
    const again = evaluatePartner(program, agg, later.lifecycle, ms('2026-04-02T00:00:00Z'), {
      kind: 'timer',
    });
    expect(again.transitions).toEqual([]);
    expect(again.lifecycle).toEqual(later.lifecycle);
  });

  it('is deterministic: stopping halfway (a crash) and resuming gives the same transitions', () => {
    const direct = evaluatePartner(program, agg, start.lifecycle, ms('2026-04-02T00:00:00Z'), {
      kind: 'timer',
    });
    const half = evaluatePartner(program, agg, start.lifecycle, ms('2026-03-15T00:00:00Z'), {
      kind: 'timer',
    });
    const rest = evaluatePartner(program, agg, half.lifecycle, ms('2026-04-02T00:00:00Z'), { kind: 'timer' });
    expect([...half.transitions, ...rest.transitions]).toEqual(direct.transitions);
    expect(rest.lifecycle).toEqual(direct.lifecycle);
  });

  it('changes nothing for an instant before the last evaluation', () => {
    const past = evaluatePartner(program, agg, start.lifecycle, ms('2026-01-01T00:00:00Z'), {
      kind: 'timer',
    });
    expect(past.transitions).toEqual([]);
    expect(past.lifecycle).toEqual(start.lifecycle);
    expect(past.score.designations[0]).toMatchObject({ score: 0, qualified: false });
  });
});

describe('nextChangeAt', () => {
  const mcppLike = { ...program, dataLagDays: 19 };

  it('reports month starts and the moves of the scored month', () => {
    expect(nextChangeAt(mcppLike, aggregateOf([]), emptyLifecycle(), ms('2026-06-10T00:00:00Z'))).toEqual({
      at: ms('2026-06-20T00:00:00Z'),
      kind: 'month-start',
    });
    expect(nextChangeAt(mcppLike, aggregateOf([]), emptyLifecycle(), ms('2026-06-20T00:00:00Z'))).toEqual({
      at: ms('2026-07-01T00:00:00Z'),
      kind: 'month-start',
    });
  });

  it('reports certification starts, expiries, revocations and link changes', () => {
    const certs = aggregateOf([
      earned('p', 'cert-a', '2026-06-12T08:00:00Z', { expiresAt: '2026-06-15T00:00:00Z' }),
    ]);
    expect(nextChangeAt(mcppLike, certs, emptyLifecycle(), ms('2026-06-10T00:00:00Z'))).toEqual({
      at: ms('2026-06-12T08:00:00Z'),
      kind: 'timer',
    });
    expect(nextChangeAt(mcppLike, certs, emptyLifecycle(), ms('2026-06-12T08:00:00Z'))).toEqual({
      at: ms('2026-06-15T00:00:00Z'),
      kind: 'expiry',
    });
  });

  it('reports the anniversary of a held designation, preferring it when kinds coincide', () => {
    expect(nextChangeAt(program, agg, start.lifecycle, ms('2027-01-19T00:00:00Z'))).toEqual({
      at: ms('2027-01-20T00:00:00Z'),
      kind: 'anniversary',
    });
    const onMonthStart = {
      ...start.lifecycle,
      designations: { d: { ...start.lifecycle.designations['d']!, anniversary: ms('2027-02-01T00:00:00Z') } },
    };
    expect(nextChangeAt(program, agg, onMonthStart, ms('2027-01-25T00:00:00Z'))).toEqual({
      at: ms('2027-02-01T00:00:00Z'),
      kind: 'anniversary',
    });
  });

  it('reports no anniversary in live mode', () => {
    const live = peopleProgram('live');
    expect(nextChangeAt(live, agg, start.lifecycle, ms('2027-01-19T00:00:00Z'))).toEqual({
      at: ms('2027-02-01T00:00:00Z'),
      kind: 'month-start',
    });
  });
});
