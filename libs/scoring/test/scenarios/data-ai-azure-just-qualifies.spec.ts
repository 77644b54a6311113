import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, metricOf, pointsOf, revenue } from '../support/events.js';

// T = 2026-06-25: T − 19 days = 2026-06-06, so L = 2026-05 and Y = 2025-05;
// ttm(L) = 2025-06 … 2026-05, ttm(Y) = 2024-06 … 2025-05.
const T = '2026-06-25T00:00:00Z';

const events = [
  // Net customer adds (twoMonths, ≥ 1000 per customer): c1 in L, c2 in L − 1; nobody in Y / Y − 1.
  revenue('c1', 'azure.sql', '2026-05', 1000),
  revenue('c2', 'azure.cosmos-db', '2026-04', 1000),
  // c3 is an older customer: its revenue sits outside both two-month windows.
  revenue('c3', 'azure.sql', '2024-12', 10000),
  revenue('c3', 'azure.sql', '2025-12', 9300),
  revenue('c3', 'azure.functions', '2025-12', 100),
  revenue('c3', 'azure.storage', '2025-12', 100),
  // Gates: 2 administrators and 2 architects; 7 people with an eligible data & AI certification.
  ...certified('admin', 2, 'azure-administrator-associate'),
  ...certified('architect', 2, 'azure-solutions-architect-expert'),
  ...certified('ai', 7, 'azure-ai-engineer-associate'),
];

describe('data-ai-azure: just qualifies', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'data-ai-azure');

  it('scores every metric above zero', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 20, // 30 × 2/3 (c1, c2 net new)
      'intermediate-certifications': 28, // 40 × 7/10
      'usage-growth': 15, // V(L) = 1000 + 1000 + 9300 + 100 + 100 = 11500, V(Y) = 10000 → 15 % → 20 × 15/20
      deployments: 8, // sql, cosmos-db, functions, storage = 4 workloads → 10 × 4/5
    });
  });

  it('qualifies with 71 points (20 + 28 + 15 + 8)', () => {
    expect(score.score).toBe(71);
    expect(score.qualified).toBe(true);
    expect(score.track).toBe('enterprise');
  });

  it('explains what full points would take', () => {
    expect(metricOf(score, 'net-customer-adds').missing).toEqual(['1 more net qualifying customer']);
    expect(metricOf(score, 'intermediate-certifications').missing).toEqual(['3 more certified people']);
    expect(metricOf(score, 'usage-growth')).toMatchObject({
      value: 15,
      missing: ['5 more percentage points of growth'],
    });
    expect(metricOf(score, 'deployments').missing).toEqual(['1 more eligible workload with revenue']);
  });
});
