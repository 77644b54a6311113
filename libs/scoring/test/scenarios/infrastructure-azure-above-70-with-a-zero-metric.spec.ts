import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, pointsOf, revenue } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. Only virtual-machine revenue: no eligible deployment.
const T = '2026-06-25T00:00:00Z';

const events = [
  revenue('c1', 'azure.virtual-machines', '2026-05', 1000),
  revenue('c2', 'azure.vm-licenses', '2026-04', 1500),
  revenue('c3', 'azure.virtual-machines', '2026-05', 2000),
  revenue('c9', 'azure.virtual-machines', '2024-10', 3000),
  ...certified('admin', 2, 'azure-administrator-associate'),
  ...certified('architect', 2, 'azure-solutions-architect-expert'),
  ...certified('net', 5, 'azure-network-engineer-associate'),
  ...certified('sap', 5, 'azure-for-sap-workloads-specialty'),
];

describe('infrastructure-azure: above 70 with a zero metric', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'infrastructure-azure');

  it('scores 30 + 20 + 20 + 20 + 0 = 90 and does not qualify', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 30,
      'intermediate-certifications': 20,
      'advanced-certifications': 20,
      'usage-growth': 20, // 4500 vs 3000 → 50 %
      deployments: 0,
    });
    expect(score.score).toBe(90);
    expect(score.qualified).toBe(false);
  });
});
