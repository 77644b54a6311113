import { DesignationEvent } from '@app/contracts';
import { backtest, scoreEvents } from '../src/index.js';
import { earned, ms } from './support/events.js';
import { peopleProgram } from './support/lifecycle-program.js';

const program = peopleProgram('anniversary');
const seven = (partnerId: string, at: string) =>
  ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'].map((p) =>
    earned(p, 'cert-a', at, { partnerId, eventId: `${partnerId}-${p}` }),
  );

describe('scoreEvents', () => {
  it('scores each partner with the events that occurred by asOf, partners in id order', () => {
    const events = [...seven('b', '2026-03-01T00:00:00Z'), ...seven('a', '2026-01-01T00:00:00Z')];
    const scores = scoreEvents(program, events, ms('2026-02-01T00:00:00Z'));
    expect(scores.map((s) => [s.partnerId, s.designations[0]!.score])).toEqual([
      ['a', 70], // 7 × 10
      ['b', 0], // b's events occur after asOf
    ]);
  });
});

describe('backtest', () => {
  it('evaluates at from, then walks event instants and change points up to and including to', () => {
    const events = [...seven('b', '2026-03-01T00:00:00Z'), ...seven('a', '2026-01-01T00:00:00Z')];
    const out = backtest(program, events, ms('2026-02-01T00:00:00Z'), ms('2027-01-01T00:00:00Z'));
    for (const e of out) DesignationEvent.parse(e);
    expect(out.map((e) => [e.partnerId, e.type, e.occurredAt, e.data.cause])).toEqual([
      // a's events occurred before from: granted by the evaluation at from.
      ['a', 'designation.granted', '2026-02-01T00:00:00.000Z', { kind: 'timer' }],
      // b's seven events share one instant: one evaluation, caused by the last of them.
      ['b', 'designation.granted', '2026-03-01T00:00:00.000Z', { kind: 'event', eventId: 'b-p7' }],
      // a's anniversary (2027-02-01) is after to; the walk includes to itself.
    ]);
    const withAnniversary = backtest(program, events, ms('2026-02-01T00:00:00Z'), ms('2027-02-01T00:00:00Z'));
    expect(withAnniversary.map((e) => `${e.partnerId} ${e.type} ${e.occurredAt}`)).toEqual([
      'a designation.granted 2026-02-01T00:00:00.000Z',
      'b designation.granted 2026-03-01T00:00:00.000Z',
      'a designation.renewed 2027-02-01T00:00:00.000Z',
    ]);
  });

  it('ignores events after to', () => {
    expect(
      backtest(
        program,
        seven('a', '2026-05-01T00:00:00Z'),
        ms('2026-01-01T00:00:00Z'),
        ms('2026-04-30T00:00:00Z'),
      ),
    ).toEqual([]);
  });
});
