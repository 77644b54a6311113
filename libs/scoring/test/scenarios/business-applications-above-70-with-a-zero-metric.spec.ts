import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, pointsOf, revenue, usage } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. Nobody holds an advanced certification.
const T = '2026-06-25T00:00:00Z';

const events = [
  revenue('c1', 'd365.sales', '2026-05', 2000),
  revenue('c1', 'power-platform.apps', '2026-05', 2000),
  revenue('c2', 'd365.finance-operations', '2026-05', 2000),
  revenue('c3', 'd365.sales', '2026-05', 2000),
  revenue('c4', 'd365.business-central', '2026-05', 2000),
  usage('c1', 'd365.business-central', '2025-05', 50, 60),
  // L MCV: 50000 + 20000 + 12000 + 12000 + 12000 + 15000 = 121000.
  usage('c1', 'd365.business-central', '2026-05', 50, 60),
  usage('c2', 'power-platform.apps', '2026-05', 100, 100),
  usage('c3', 'd365.customer-engagement', '2026-05', 60, 60),
  usage('c4', 'power-platform.automate', '2026-05', 60, 60),
  usage('c5', 'power-platform.bi', '2026-05', 60, 60),
  usage('c6', 'd365.business-central', '2026-05', 15, 20),
  ...certified('fc', 20, 'power-platform-functional-consultant'),
];

describe('business-applications: above 70 with a zero metric', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'business-applications');

  it('scores 15 + 20 + 0 + 30 + 20 = 85 and does not qualify', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 15, // 5 pairs ≥ 1500
      'intermediate-certifications': 20,
      'advanced-certifications': 0,
      'usage-growth': 30, // 121000 vs 50000 → 142 %
      deployments: 20, // 6 pairs ≥ 10000 in L, 1 in Y → net 5
    });
    expect(score.score).toBe(85);
    expect(score.qualified).toBe(false);
  });
});
