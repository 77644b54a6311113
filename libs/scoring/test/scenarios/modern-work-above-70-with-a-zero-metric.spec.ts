import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, metricOf, pointsOf, usage } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. Five new tenants with 1000 licences but only 30 % active:
// no deployment (≥ 40 % active) anywhere.
const T = '2026-06-25T00:00:00Z';

const events = [
  ...['c1', 'c2', 'c3', 'c4', 'c5'].map((c) => usage(c, 'm365.teams', '2026-05', 300, 1000)),
  ...certified('endpoint', 4, 'endpoint-administrator-associate'),
  ...certified('rooms', 2, 'teams-meetings-rooms-technical-assessment'),
];

describe('modern-work: above 70 with a zero metric', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'modern-work');

  it('scores 20 + 10 + 15 + 30 + 0 = 75 on enterprise and does not qualify', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 20,
      'intermediate-certifications': 10,
      'advanced-certifications': 15,
      'usage-growth': 30, // 1500 users of growth ≥ 1000
      deployments: 0,
    });
    expect(score).toMatchObject({ track: 'enterprise', score: 75, qualified: false });
    expect(metricOf(score, 'deployments').missing).toEqual(['5 more net qualifying customer-workloads']);
  });
});
