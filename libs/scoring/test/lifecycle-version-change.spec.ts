import type { InputEvent } from '@app/contracts';
import { backtest, backtestTransitions, emptyLifecycle, evaluatePartner, scheduleOf } from '../src/index.js';
import { aggregateOf, earned, ms } from './support/events.js';
import { peopleProgram } from './support/lifecycle-program.js';

const iso = (at: number) => new Date(at).toISOString();
const FROM = ms('2026-01-01T00:00:00Z');
const TO = ms('2028-03-01T00:00:00Z');

// Version 1 needs 7 people (70 points); version 2 takes effect on 2026-09-01 and needs 9 (90).
const v1 = peopleProgram('anniversary', { version: '1' });
const v2 = (onVersionChange: 'grandfather' | 'rescore') =>
  peopleProgram('anniversary', {
    version: '2',
    threshold: 90,
    effectiveFrom: '2026-09-01T00:00:00Z',
    onVersionChange,
  });

// 7 people from 2026-01-15 10:00: granted then, anniversary 2027-01-15 10:00, renewal window from
// 2026-08-01. They qualify under version 1 in August 2026, inside that window.
const seven = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'].map((p) =>
  earned(p, 'cert-a', '2026-01-15T10:00:00Z'),
);
// Two more on 2026-11-01: 9 people, qualified under version 2 too.
const two = ['p8', 'p9'].map((p) => earned(p, 'cert-a', '2026-11-01T00:00:00Z'));

const story = (events: InputEvent[], policy: 'grandfather' | 'rescore') =>
  backtestTransitions(scheduleOf([v1, v2(policy)]), events, FROM, TO).map(
    ({ transition: t }) => `${t.type}@${iso(t.at)} ${t.cause.kind}`,
  );

describe('a new program version takes effect: grandfather', () => {
  it('keeps the holder until the anniversary, warns at the cut-over, then loses: qualifying under version 1 in the window no longer renews', () => {
    expect(story(seven, 'grandfather')).toEqual([
      'designation.granted@2026-01-15T10:00:00.000Z event',
      'designation.at-risk@2026-09-01T00:00:00.000Z program-version',
      'designation.lost@2027-01-15T10:00:00.000Z anniversary',
    ]);
    // Without the new version the August qualification inside the window renews it.
    const unchanged = backtestTransitions(v1, seven, FROM, TO).map(
      ({ transition: t }) => `${t.type}@${iso(t.at)}`,
    );
    expect(unchanged.slice(0, 2)).toEqual([
      'designation.granted@2026-01-15T10:00:00.000Z',
      'designation.renewed@2027-01-15T10:00:00.000Z',
    ]);
  });

  it('renews at the anniversary when the holder qualifies under the new rules inside the window', () => {
    expect(story([...seven, ...two], 'grandfather')).toEqual([
      'designation.granted@2026-01-15T10:00:00.000Z event',
      'designation.at-risk@2026-09-01T00:00:00.000Z program-version',
      'designation.renewed@2027-01-15T10:00:00.000Z anniversary',
      'designation.renewed@2028-01-15T10:00:00.000Z anniversary',
    ]);
  });

  it('changes nothing for a holder that qualifies under both versions', () => {
    expect(
      story(
        [
          ...seven,
          ...two.map(
            (e) =>
              ({
                ...e,
                occurredAt: '2026-01-15T10:00:00Z',
                data: { ...e.data, earnedAt: '2026-01-15T10:00:00Z' },
              }) as InputEvent,
          ),
        ],
        'grandfather',
      ),
    ).toEqual([
      'designation.granted@2026-01-15T10:00:00.000Z event',
      'designation.renewed@2027-01-15T10:00:00.000Z anniversary',
      'designation.renewed@2028-01-15T10:00:00.000Z anniversary',
    ]);
  });
});

describe('a new program version takes effect: rescore', () => {
  it('loses the designation at the cut-over, and grants it again once the new rules are met', () => {
    expect(story([...seven, ...two], 'rescore')).toEqual([
      'designation.granted@2026-01-15T10:00:00.000Z event',
      'designation.lost@2026-09-01T00:00:00.000Z program-version',
      'designation.granted@2026-11-01T00:00:00.000Z event',
      'designation.renewed@2027-11-01T00:00:00.000Z anniversary',
    ]);
  });
});

describe('evaluations across a cut-over', () => {
  const schedule = scheduleOf([v1, v2('grandfather')]);

  it('gives the same transitions when one evaluation catches up across the cut-over', () => {
    const agg = aggregateOf(seven);
    const first = evaluatePartner(schedule, agg, emptyLifecycle(), ms('2026-01-15T10:00:00Z'), {
      kind: 'event',
      eventId: 'x',
    });
    const later = evaluatePartner(schedule, agg, first.lifecycle, ms('2027-06-01T00:00:00Z'), {
      kind: 'timer',
    });
    expect([...first.transitions, ...later.transitions].map((t) => `${t.type}@${iso(t.at)}`)).toEqual([
      'designation.granted@2026-01-15T10:00:00.000Z',
      'designation.at-risk@2026-09-01T00:00:00.000Z',
      'designation.lost@2027-01-15T10:00:00.000Z',
    ]);
  });

  it('applies the version change once: evaluating again after the cut-over changes nothing', () => {
    const agg = aggregateOf(seven);
    const before = evaluatePartner(schedule, agg, emptyLifecycle(), ms('2026-08-31T00:00:00Z'), {
      kind: 'timer',
    });
    const at = evaluatePartner(schedule, agg, before.lifecycle, ms('2026-09-01T00:00:00Z'), {
      kind: 'program-version',
    });
    const again = evaluatePartner(schedule, agg, at.lifecycle, ms('2026-09-01T00:00:00Z'), { kind: 'timer' });
    expect(at.transitions.map((t) => t.type)).toEqual(['designation.at-risk']);
    expect(again.transitions).toEqual([]);
    // Scored under version 2: 70 points do not qualify any more.
    expect(at.score.designations[0]).toMatchObject({ score: 70, qualified: false });
  });

  it('names the version in force at each transition in the published events', () => {
    const events = backtest(schedule, seven, FROM, TO);
    expect(events.map((e) => `${e.type} ${e.programVersion} ${e.data.threshold}`)).toEqual([
      'designation.granted 1 70',
      'designation.at-risk 2 90',
      'designation.lost 2 90',
    ]);
  });

  it('is the same as before for a partner first evaluated after the cut-over (nothing held to carry over)', () => {
    const nine = [...seven, ...two];
    const late = backtestTransitions(schedule, nine, ms('2026-12-01T00:00:00Z'), TO).map(
      ({ transition: t }) => `${t.type}@${iso(t.at)}`,
    );
    expect(late).toEqual([
      'designation.granted@2026-12-01T00:00:00.000Z',
      'designation.renewed@2027-12-01T00:00:00.000Z',
    ]);
  });
});
