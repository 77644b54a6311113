import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, pointsOf, revenue, usage } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. MCV rates: business-central 1000, power-platform.apps 200,
// customer-engagement 200 per active user.
const T = '2026-06-25T00:00:00Z';

const events = [
  // Net adds per customer-workload with ≥ 1500 in L: c1/sales (= floor), c1/apps, c2/f&o; c5 misses by a cent.
  revenue('c1', 'd365.sales', '2026-05', 1500),
  revenue('c1', 'power-platform.apps', '2026-05', 2000),
  revenue('c2', 'd365.finance-operations', '2026-05', 1600),
  revenue('c5', 'd365.sales', '2026-05', 1499.99),
  // Baseline Y: 50 × 1000 = 50000 MCV (= minBaseline).
  usage('c1', 'd365.business-central', '2025-05', 50, 60),
  // L: 40 × 1000 + 75 × 200 + 50 × 200 = 40000 + 15000 + 10000 = 65000 MCV.
  usage('c1', 'd365.business-central', '2026-05', 40, 60),
  usage('c2', 'power-platform.apps', '2026-05', 75, 80),
  usage('c3', 'd365.customer-engagement', '2026-05', 50, 50),
  ...certified('fc', 6, 'power-platform-functional-consultant'),
  ...certified('sales', 4, 'd365-sales-functional-consultant'),
  ...certified('fo', 7, 'd365-finance-operations-solution-architect-expert'),
];

describe('business-applications: just qualifies', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'business-applications');

  it('qualifies with 9 + 10 + 15 + 30 + 8 = 72', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 9, // 3 pairs → 15 × 3/5
      'intermediate-certifications': 10, // 10 people → 20 × 10/20
      'advanced-certifications': 15, // 7/7
      'usage-growth': 30, // (65000 − 50000) / 50000 = 30 %
      deployments: 8, // L: bc 40000, apps 15000, ce 10000 (= floor) → 3; Y: bc 50000 → 1; net 2 → 20 × 2/5
    });
    expect(score.score).toBe(72);
    expect(score.qualified).toBe(true);
  });
});
