import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, modernWorkUsage, pointsOf } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. usage(customer, workload, month, activeUsers, paidLicenses).
const T = '2026-06-25T00:00:00Z';

const events = [
  ...modernWorkUsage(),
  ...certified('teams', 2, 'teams-administrator-associate'),
  ...certified('m365', 2, 'm365-enterprise-administrator-expert'),
];

describe('modern-work: just qualifies', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'modern-work');

  it('qualifies on the enterprise track with 12 + 5 + 15 + 20.7 + 20 = 72.7', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 12, // > 300 licences: 4 in L, 1 in Y → 3 → 20 × 3/5
      'intermediate-certifications': 5, // 10 × 2/4
      'advanced-certifications': 15, // 2/2
      'usage-growth': 20.7, // (200 + 150 + 140 + 300) − 100 = 690 users → 30 × 690/1000
      deployments: 20, // 4 pairs ≥ 0.4 in L, none in Y → 25 × 4/5
    });
    expect(score).toMatchObject({ track: 'enterprise', score: 72.7, qualified: true });
  });

  it('also scored the SMB track: 0 + 10 + 15 + 30 + 10 = 65, not qualifying (no tenant with 11–300 licences)', () => {
    expect(score.tracks).toEqual([
      { track: 'enterprise', score: 72.7, qualified: true },
      { track: 'smb', score: 65, qualified: false },
    ]);
  });
});
