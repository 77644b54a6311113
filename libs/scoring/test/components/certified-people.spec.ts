import { earned, linked, revoked, singleMetric, singleMetricProgram, unlinked } from '../support/events.js';

const program = singleMetricProgram([
  { kind: 'certifiedPeople', certifications: ['cert-a', 'cert-b'], fullAt: 4 },
]);

describe('certifiedPeople', () => {
  it('counts distinct individuals holding any listed certification valid at T', () => {
    const events = [
      earned('ann', 'cert-a', '2026-01-01T00:00:00Z'),
      earned('ann', 'cert-b', '2026-01-01T00:00:00Z'), // ann counts once
      earned('bob', 'cert-b', '2026-01-01T00:00:00Z', { expiresAt: '2026-06-01T00:00:00Z' }),
      earned('cat', 'cert-c', '2026-01-01T00:00:00Z'), // not listed
      earned('dan', 'cert-a', '2026-07-01T00:00:00Z'), // earned after T
    ];
    expect(singleMetric(program, events, '2026-05-31T23:59:59Z').value).toBe(2); // ann, bob
    expect(singleMetric(program, events, '2026-06-01T00:00:00Z').value).toBe(1); // bob expired at expiresAt (exclusive)
    expect(singleMetric(program, events, '2026-07-01T00:00:00Z').value).toBe(2); // ann, dan (earnedAt inclusive)
  });

  it('a revocation removes the holding from its instant; a later renewal is valid again', () => {
    const events = [
      earned('ann', 'cert-a', '2026-01-01T00:00:00Z'),
      revoked('ann', 'cert-a', '2026-03-01T00:00:00Z'),
      earned('ann', 'cert-a', '2026-04-01T00:00:00Z'),
    ];
    expect(singleMetric(program, events, '2026-02-28T00:00:00Z').value).toBe(1);
    expect(singleMetric(program, events, '2026-03-01T00:00:00Z').value).toBe(0); // r ≤ T
    expect(singleMetric(program, events, '2026-04-01T00:00:00Z').value).toBe(1); // earnedAt > r
  });

  it('an unlinked individual does not count until relinked', () => {
    const events = [
      earned('ann', 'cert-a', '2026-01-01T00:00:00Z'),
      unlinked('ann', '2026-02-01T00:00:00Z'),
      linked('ann', '2026-03-01T00:00:00Z'),
    ];
    expect(singleMetric(program, events, '2026-01-31T00:00:00Z').value).toBe(1);
    expect(singleMetric(program, events, '2026-02-15T00:00:00Z').value).toBe(0);
    expect(singleMetric(program, events, '2026-03-01T00:00:00Z').value).toBe(1);
  });

  it('link changes at the same instant are decided by the greater eventId, whatever the arrival order', () => {
    const a = [
      unlinked('ann', '2026-02-01T00:00:00Z', { eventId: 'b' }),
      linked('ann', '2026-02-01T00:00:00Z', { eventId: 'a' }),
    ];
    const cert = earned('ann', 'cert-a', '2026-01-01T00:00:00Z');
    expect(singleMetric(program, [cert, ...a], '2026-03-01T00:00:00Z').value).toBe(0); // "b" (unlinked) wins
    expect(singleMetric(program, [cert, ...a.reverse()], '2026-03-01T00:00:00Z').value).toBe(0);
  });
});
