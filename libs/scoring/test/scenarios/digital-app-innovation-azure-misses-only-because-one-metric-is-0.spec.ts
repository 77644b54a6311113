import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, metricOf, pointsOf, revenue } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. As "just qualifies" without c3's 2024-12 revenue: there is no
// baseline in ttm(Y), so usage growth (a percentage) is 0.
const T = '2026-06-25T00:00:00Z';

const events = [
  revenue('c1', 'azure.app-service', '2026-05', 1000),
  revenue('c3', 'azure.sql', '2025-12', 9000),
  revenue('c3', 'azure.functions', '2025-12', 500),
  revenue('c3', 'azure.storage', '2025-12', 200),
  revenue('c3', 'azure.api-management', '2025-07', 300),
  ...certified('admin', 2, 'azure-administrator-associate'),
  ...certified('dev', 5, 'azure-developer-associate'),
  ...certified('architect', 2, 'azure-solutions-architect-expert'),
  ...certified('devops', 5, 'devops-engineer-expert'),
];

describe('digital-app-innovation-azure: misses only because one metric is 0', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'digital-app-innovation-azure');

  it('has no growth without a baseline: 10 + 20 + 20 + 0 + 10 = 60', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 10,
      'intermediate-certifications': 20,
      'advanced-certifications': 20,
      'usage-growth': 0,
      deployments: 10,
    });
    expect(score.score).toBe(60);
    expect(score.qualified).toBe(false);
    expect(metricOf(score, 'usage-growth').missing[0]).toBe(
      'no baseline: amount of the same month last year is 0',
    );
  });
});
