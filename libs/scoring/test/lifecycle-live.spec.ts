import { backtestTransitions } from '../src/index.js';
import { earned, ms, revoked } from './support/events.js';
import { peopleProgram } from './support/lifecycle-program.js';

const iso = (at: number) => new Date(at).toISOString();

describe('live lifecycle', () => {
  it('holds the designation exactly while it qualifies, with no anniversary', () => {
    const events = [
      ...['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((p) => earned(p, 'cert-a', '2026-01-15T10:00:00Z')),
      earned('p7', 'cert-a', '2026-01-15T10:00:00Z', { expiresAt: '2026-08-01T00:00:00Z' }),
      earned('p8', 'cert-a', '2026-10-10T00:00:00Z'),
      revoked('p8', 'cert-a', '2026-11-20T00:00:00Z'),
    ];
    const transitions = backtestTransitions(
      peopleProgram('live'),
      events,
      ms('2026-01-01T00:00:00Z'),
      ms('2028-06-01T00:00:00Z'),
    );
    expect(transitions.map(({ transition: t }) => [t.type, iso(t.at), t.anniversary])).toEqual([
      ['designation.granted', '2026-01-15T10:00:00.000Z', null],
      ['designation.lost', '2026-08-01T00:00:00.000Z', null],
      ['designation.granted', '2026-10-10T00:00:00.000Z', null],
      ['designation.lost', '2026-11-20T00:00:00.000Z', null],
    ]);
  });
});
