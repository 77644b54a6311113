import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, metricOf, pointsOf, revenue } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T (T − 19 days is in June). Same partner as the "just qualifies"
// scenario, except that only one solutions architect is certified: the second gate fails.
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
  ...certified('ai', 7, 'azure-ai-engineer-associate'),
];

describe('data-ai-azure: misses only because one metric is 0', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'data-ai-azure');

  it('zeroes the gated metric although 7 people hold an eligible certification', () => {
    expect(metricOf(score, 'intermediate-certifications')).toMatchObject({ points: 0, value: 7 });
    expect(metricOf(score, 'intermediate-certifications').missing).toEqual([
      'gate: 1 more azure-solutions-architect-expert',
      '3 more certified people',
    ]);
  });

  it('does not qualify: 20 + 0 + 15 + 8 = 43 (with the gate met it would be 71)', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 20,
      'intermediate-certifications': 0,
      'usage-growth': 15,
      deployments: 8,
    });
    expect(score.score).toBe(43);
    expect(score.qualified).toBe(false);
  });
});
