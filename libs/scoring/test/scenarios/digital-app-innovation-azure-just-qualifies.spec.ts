import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, pointsOf, revenue } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T; ttm(L) = 2025-06 … 2026-05, ttm(Y) = 2024-06 … 2025-05.
const T = '2026-06-25T00:00:00Z';

const events = [
  revenue('c1', 'azure.app-service', '2026-05', 1000),
  revenue('c3', 'azure.sql', '2024-12', 10000),
  revenue('c3', 'azure.sql', '2025-12', 9000),
  revenue('c3', 'azure.functions', '2025-12', 500),
  revenue('c3', 'azure.storage', '2025-12', 200),
  revenue('c3', 'azure.api-management', '2025-07', 300),
  ...certified('admin', 2, 'azure-administrator-associate'),
  ...certified('dev', 3, 'azure-developer-associate'),
  ...certified('ppdev', 2, 'power-platform-developer-associate'),
  ...certified('architect', 2, 'azure-solutions-architect-expert'),
  ...certified('devops', 5, 'devops-engineer-expert'),
];

describe('digital-app-innovation-azure: just qualifies', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'digital-app-innovation-azure');

  it('qualifies at exactly the threshold: 10 + 20 + 20 + 10 + 10 = 70', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 10, // c1 only → 30 × 1/3
      'intermediate-certifications': 20, // 3 + 2 = 5 people → full
      'advanced-certifications': 20, // 5 → full
      'usage-growth': 10, // V(L) = 1000 + 9000 + 500 + 200 + 300 = 11000 vs 10000 → 10 % → 20 × 10/20
      deployments: 10, // app-service, sql, functions, storage, api-management = 5
    });
    expect(score.score).toBe(70);
    expect(score.qualified).toBe(true);
  });
});
