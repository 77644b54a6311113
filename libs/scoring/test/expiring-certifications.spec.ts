import { certificationImpact, MCPP_PROGRAM, nextCertificationExpiry, scorePartner } from '@app/scoring';
import { aggregateOf, earned, ms, usage } from './support/events.js';

/**
 * The Modern Work partner of the clock-timers integration test: 100 points on the enterprise
 * track, of which advanced-certifications 15/15 from two people whose certifications expire
 * 2026-09-10 (85 points afterwards, and a metric at 0: no longer qualified).
 */
function modernWorkPartner() {
  const events = [
    ...[0, 1, 2, 3].map((i) =>
      earned(`int-${i}`, 'teams-administrator-associate', '2026-01-01T00:00:00Z', {
        expiresAt: '2029-01-01T00:00:00Z',
      }),
    ),
    ...[0, 1].map((i) =>
      earned(`adv-${i}`, 'm365-enterprise-administrator-expert', '2026-01-01T00:00:00Z', {
        expiresAt: '2026-09-10T00:00:00Z',
      }),
    ),
  ];
  for (let c = 0; c < 5; c++) {
    for (const month of ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09']) {
      events.push(usage(`c${c}`, 'm365.teams', month, 300, 400));
    }
  }
  return aggregateOf(events);
}

describe(certificationImpact.name, () => {
  const now = ms('2026-08-25T00:00:00Z');

  it('finds the next expiry after now', () => {
    const agg = modernWorkPartner();
    expect(nextCertificationExpiry(agg, now)).toBe(ms('2026-09-10T00:00:00Z'));
    expect(nextCertificationExpiry(agg, ms('2026-09-10T00:00:00Z'))).toBe(ms('2029-01-01T00:00:00Z'));
  });

  it('costs the designation the lapsing metric’s points and its qualification when the window reaches the expiry', () => {
    const agg = modernWorkPartner();
    const modernWork = scorePartner(MCPP_PROGRAM, agg, now).designations.find(
      (d) => d.designationId === 'modern-work',
    );
    expect(modernWork).toMatchObject({ score: 100, qualified: true });
    expect(certificationImpact(MCPP_PROGRAM, agg, now, ms('2026-09-24T00:00:00Z'))).toEqual([
      {
        designationId: 'modern-work',
        pointsLost: 15,
        scoreNow: 100,
        scoreAfter: 85,
        qualifiedNow: true,
        qualifiedAfter: false,
        metrics: [
          { id: 'advanced-certifications', valueNow: 2, valueAfter: 0, pointsNow: 15, pointsAfter: 0 },
        ],
      },
    ]);
  });

  it('lists nothing for a window that ends before the expiry', () => {
    expect(certificationImpact(MCPP_PROGRAM, modernWorkPartner(), now, ms('2026-09-09T23:59:59Z'))).toEqual(
      [],
    );
  });
});
