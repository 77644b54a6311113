import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, metricOf, pointsOf, revenue } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. All revenue is on virtual machines: it counts for net adds and
// growth, but deployments exclude azure.virtual-machines and azure.vm-licenses.
const T = '2026-06-25T00:00:00Z';

const events = [
  revenue('c1', 'azure.virtual-machines', '2026-05', 1000),
  revenue('c2', 'azure.vm-licenses', '2026-04', 1500),
  revenue('c3', 'azure.virtual-machines', '2026-05', 2000),
  revenue('c9', 'azure.virtual-machines', '2024-10', 3000),
  ...certified('admin', 2, 'azure-administrator-associate'),
  ...certified('architect', 2, 'azure-solutions-architect-expert'),
  ...certified('data', 10, 'fabric-data-engineer-associate'),
];

describe('data-ai-azure: above 70 with a zero metric', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'data-ai-azure');

  it('scores 90 but does not qualify because deployments has 0 points', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 30, // c1, c2, c3 net new → 3/3
      'intermediate-certifications': 40, // 10/10
      'usage-growth': 20, // V(L) = 1000 + 1500 + 2000 = 4500, V(Y) = 3000 → 50 % ≥ 20 %
      deployments: 0, // no eligible workload
    });
    expect(score.score).toBe(90);
    expect(score.qualified).toBe(false);
    expect(metricOf(score, 'deployments')).toMatchObject({
      value: 0,
      missing: ['5 more eligible workloads with revenue'],
    });
  });
});
