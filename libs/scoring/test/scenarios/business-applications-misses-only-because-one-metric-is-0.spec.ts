import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, metricOf, pointsOf, revenue, usage } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. As "just qualifies" but the baseline is 49 × 1000 = 49000 MCV,
// under minBaseline 50000: usage growth is 0.
const T = '2026-06-25T00:00:00Z';

const events = [
  revenue('c1', 'd365.sales', '2026-05', 1500),
  revenue('c1', 'power-platform.apps', '2026-05', 2000),
  revenue('c2', 'd365.finance-operations', '2026-05', 1600),
  usage('c1', 'd365.business-central', '2025-05', 49, 60),
  usage('c1', 'd365.business-central', '2026-05', 40, 60),
  usage('c2', 'power-platform.apps', '2026-05', 75, 80),
  usage('c3', 'd365.customer-engagement', '2026-05', 50, 50),
  ...certified('fc', 10, 'power-platform-functional-consultant'),
  ...certified('fo', 7, 'd365-finance-operations-solution-architect-expert'),
];

describe('business-applications: misses only because one metric is 0', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'business-applications');

  it('scores 9 + 10 + 15 + 0 + 8 = 42', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 9,
      'intermediate-certifications': 10,
      'advanced-certifications': 15,
      'usage-growth': 0,
      deployments: 8, // Y still has c1/bc at 49000 ≥ 10000
    });
    expect(score.score).toBe(42);
    expect(score.qualified).toBe(false);
    expect(metricOf(score, 'usage-growth').missing[0]).toBe(
      'baseline mcv 49000 (same month last year) is below minBaseline 50000',
    );
  });
});
