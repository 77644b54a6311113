import { backtestTransitions, evaluatePartner, emptyLifecycle } from '../src/index.js';
import { aggregateOf, earned, ms, revoked } from './support/events.js';
import { peopleProgram } from './support/lifecycle-program.js';

const program = peopleProgram('anniversary');
const iso = (at: number) => new Date(at).toISOString();

// Seven people qualify (7 × 10 = 70). p7 expires on 2026-08-01, p8 joins on 2026-10-10 and is
// revoked on 2026-11-20; from then on only 6 remain.
const events = [
  ...['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((p) => earned(p, 'cert-a', '2026-01-15T10:00:00Z')),
  earned('p7', 'cert-a', '2026-01-15T10:00:00Z', { expiresAt: '2026-08-01T00:00:00Z' }),
  earned('p8', 'cert-a', '2026-10-10T00:00:00Z'),
  revoked('p8', 'cert-a', '2026-11-20T00:00:00Z'),
];

describe('anniversary lifecycle over two years', () => {
  const transitions = backtestTransitions(
    program,
    events,
    ms('2026-01-01T00:00:00Z'),
    ms('2028-06-01T00:00:00Z'),
  ).map(({ transition: t }) => ({
    type: t.type,
    at: iso(t.at),
    anniversary: t.anniversary === null ? null : iso(t.anniversary),
    cause: t.cause.kind,
  }));

  it('grants, warns, renews on a qualification inside the window, warns again and loses at the next anniversary', () => {
    expect(transitions).toEqual([
      // 7 people from 2026-01-15 10:00: A = one year later, same time.
      {
        type: 'designation.granted',
        at: '2026-01-15T10:00:00.000Z',
        anniversary: '2027-01-15T10:00:00.000Z',
        cause: 'event',
      },
      // p7's expiry drops the score to 60; the window of A opens the same instant (Aug 2026 = Jan 2027 − 5 months), not secured.
      {
        type: 'designation.at-risk',
        at: '2026-08-01T00:00:00.000Z',
        anniversary: '2027-01-15T10:00:00.000Z',
        cause: 'expiry',
      },
      // p8 qualifies the partner again on 2026-10-10 (inside the window): the revocation on 2026-11-20 no longer matters.
      {
        type: 'designation.renewed',
        at: '2027-01-15T10:00:00.000Z',
        anniversary: '2028-01-15T10:00:00.000Z',
        cause: 'anniversary',
      },
      // Right after renewal: still 6 people, and nothing secures the new window (Aug 2027 – Jan 2028).
      {
        type: 'designation.at-risk',
        at: '2027-01-15T10:00:00.000Z',
        anniversary: '2028-01-15T10:00:00.000Z',
        cause: 'anniversary',
      },
      { type: 'designation.lost', at: '2028-01-15T10:00:00.000Z', anniversary: null, cause: 'anniversary' },
    ]);
  });

  it('gives the same transitions when one evaluation catches up on all change points with the final aggregate', () => {
    const agg = aggregateOf(events);
    const first = evaluatePartner(program, agg, emptyLifecycle(), ms('2026-01-15T10:00:00Z'), {
      kind: 'event',
      eventId: 'x',
    });
    const later = evaluatePartner(program, agg, first.lifecycle, ms('2028-06-01T00:00:00Z'), {
      kind: 'timer',
    });
    const all = [...first.transitions, ...later.transitions].map((t) => `${t.type}@${iso(t.at)}`);
    expect(all).toEqual(transitions.map((t) => `${t.type}@${t.at}`));
    expect(later.lifecycle.designations['d']).toMatchObject({
      held: false,
      anniversary: null,
      atRisk: false,
    });
  });

  it('renews without a warning when the partner keeps qualifying', () => {
    const steady = [
      ...['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'].map((p) => earned(p, 'cert-a', '2026-01-15T10:00:00Z')),
    ];
    const types = backtestTransitions(
      program,
      steady,
      ms('2026-01-01T00:00:00Z'),
      ms('2028-02-01T00:00:00Z'),
    ).map(({ transition: t }) => `${t.type}@${iso(t.at)}`);
    expect(types).toEqual([
      'designation.granted@2026-01-15T10:00:00.000Z',
      'designation.renewed@2027-01-15T10:00:00.000Z',
      'designation.renewed@2028-01-15T10:00:00.000Z',
    ]);
  });

  it('loses at the anniversary when the only qualification fell before the window', () => {
    // Qualifies 2026-03-01 … 2026-06-30; A = 2027-03-01, window from 2026-10-01: lost.
    const brief = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'].map((p) =>
      earned(p, 'cert-a', '2026-03-01T00:00:00Z', { expiresAt: '2026-07-01T00:00:00Z' }),
    );
    const types = backtestTransitions(
      program,
      brief,
      ms('2026-01-01T00:00:00Z'),
      ms('2027-06-01T00:00:00Z'),
    ).map(({ transition: t }) => `${t.type}@${iso(t.at)}`);
    expect(types).toEqual([
      'designation.granted@2026-03-01T00:00:00.000Z',
      'designation.at-risk@2026-07-01T00:00:00.000Z',
      'designation.lost@2027-03-01T00:00:00.000Z',
    ]);
  });

  it('warns again each time the condition turns true', () => {
    // Granted on Jan 31 → A = Jan 31 next year; drops on Mar 1, recovers Apr 1, drops again May 1.
    const flapping = [
      ...['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((p) => earned(p, 'cert-a', '2028-01-31T00:00:00Z')),
      earned('p7', 'cert-a', '2028-01-31T00:00:00Z', { expiresAt: '2028-03-01T00:00:00Z' }),
      earned('p7', 'cert-a', '2028-04-01T00:00:00Z', { expiresAt: '2028-05-01T00:00:00Z' }),
    ];
    const types = backtestTransitions(
      program,
      flapping,
      ms('2028-01-01T00:00:00Z'),
      ms('2028-06-01T00:00:00Z'),
    ).map(({ transition: t }) => `${t.type}@${iso(t.at)}`);
    expect(types).toEqual([
      'designation.granted@2028-01-31T00:00:00.000Z',
      'designation.at-risk@2028-03-01T00:00:00.000Z',
      'designation.at-risk@2028-05-01T00:00:00.000Z',
    ]);
  });

  it('clamps the anniversary to the last day of a shorter month', () => {
    const leap = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'].map((p) =>
      earned(p, 'cert-a', '2028-02-29T12:00:00Z'),
    );
    const [granted] = backtestTransitions(
      program,
      leap,
      ms('2028-02-01T00:00:00Z'),
      ms('2028-03-01T00:00:00Z'),
    );
    expect(iso(granted!.transition.anniversary!)).toBe('2029-02-28T12:00:00.000Z');
  });
});
