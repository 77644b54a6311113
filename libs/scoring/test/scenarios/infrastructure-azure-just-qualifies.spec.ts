import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, pointsOf, revenue } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T (T − 19 days = 2026-06-06).
const T = '2026-06-25T00:00:00Z';

const infrastructureRevenue = [
  revenue('c1', 'azure.sql', '2026-05', 1000),
  revenue('c2', 'azure.cosmos-db', '2026-04', 1000),
  revenue('c3', 'azure.sql', '2024-12', 10000),
  revenue('c3', 'azure.sql', '2025-12', 9300),
  revenue('c3', 'azure.functions', '2025-12', 100),
  revenue('c3', 'azure.storage', '2025-12', 100),
];

const events = [
  ...infrastructureRevenue,
  ...certified('admin', 2, 'azure-administrator-associate'),
  ...certified('architect', 2, 'azure-solutions-architect-expert'),
  // net1 holds both intermediate certifications and counts once: net1, net2, win1, win2 = 4.
  ...certified('net', 2, 'azure-network-engineer-associate'),
  ...certified('net', 1, 'windows-server-hybrid-administrator-associate'),
  ...certified('win', 2, 'windows-server-hybrid-administrator-associate'),
  ...certified('avd', 3, 'azure-virtual-desktop-specialty'),
];

describe('infrastructure-azure: just qualifies', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'infrastructure-azure');

  it('qualifies with 20 + 16 + 12 + 15 + 8 = 71', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 20, // 30 × 2/3
      'intermediate-certifications': 16, // 20 × 4/5
      'advanced-certifications': 12, // 20 × 3/5
      'usage-growth': 15, // (11500 − 10000) / 10000 = 15 %
      deployments: 8, // 10 × 4/5
    });
    expect(score.score).toBe(71);
    expect(score.qualified).toBe(true);
  });
});
