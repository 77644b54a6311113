import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, metricOf, pointsOf, revenue } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. No Azure administrator: the intermediate gate fails.
const T = '2026-06-25T00:00:00Z';

const events = [
  revenue('c1', 'azure.app-service', '2026-05', 1000),
  revenue('c2', 'azure.sql', '2026-05', 1200),
  revenue('c4', 'azure.functions', '2026-04', 1000),
  revenue('c3', 'azure.sql', '2024-12', 2000),
  revenue('c3', 'azure.storage', '2025-12', 100),
  revenue('c3', 'azure.api-management', '2025-12', 100),
  ...certified('dev', 5, 'azure-developer-associate'),
  ...certified('architect', 2, 'azure-solutions-architect-expert'),
  ...certified('ppsa', 5, 'power-platform-solution-architect-expert'),
];

describe('digital-app-innovation-azure: above 70 with a zero metric', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'digital-app-innovation-azure');

  it('scores 30 + 0 + 20 + 20 + 10 = 80 and does not qualify', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 30, // c1, c2 (L) and c4 (L − 1)
      'intermediate-certifications': 0,
      'advanced-certifications': 20,
      'usage-growth': 20, // V(L) = 1000 + 1200 + 1000 + 100 + 100 = 3400 vs 2000 → 70 %
      deployments: 10, // app-service, sql, functions, storage, api-management
    });
    expect(score.score).toBe(80);
    expect(score.qualified).toBe(false);
    expect(metricOf(score, 'intermediate-certifications').missing[0]).toBe(
      'gate: 2 more azure-administrator-associate',
    );
  });
});
