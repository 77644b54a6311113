import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, metricOf, pointsOf, revenue } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. As "just qualifies" but one solutions architect only.
const T = '2026-06-25T00:00:00Z';

const events = [
  revenue('c1', 'azure.sql', '2026-05', 1000),
  revenue('c2', 'azure.cosmos-db', '2026-04', 1000),
  revenue('c3', 'azure.sql', '2024-12', 10000),
  revenue('c3', 'azure.sql', '2025-12', 9300),
  revenue('c3', 'azure.functions', '2025-12', 100),
  revenue('c3', 'azure.storage', '2025-12', 100),
  ...certified('admin', 2, 'azure-administrator-associate'),
  ...certified('architect', 1, 'azure-solutions-architect-expert'),
  ...certified('net', 2, 'azure-network-engineer-associate'),
  ...certified('win', 2, 'windows-server-hybrid-administrator-associate'),
  ...certified('avd', 3, 'azure-virtual-desktop-specialty'),
];

describe('infrastructure-azure: misses only because one metric is 0', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'infrastructure-azure');

  it('loses the advanced metric to its gate: 20 + 16 + 0 + 15 + 8 = 59', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 20,
      'intermediate-certifications': 16,
      'advanced-certifications': 0,
      'usage-growth': 15,
      deployments: 8,
    });
    expect(score.score).toBe(59);
    expect(score.qualified).toBe(false);
    expect(metricOf(score, 'advanced-certifications').missing[0]).toBe(
      'gate: 1 more azure-solutions-architect-expert',
    );
  });
});
