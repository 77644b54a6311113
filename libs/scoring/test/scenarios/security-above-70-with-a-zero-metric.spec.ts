import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, pointsOf, usage } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. Seven new tenants, all 10 % active.
const T = '2026-06-25T00:00:00Z';

const events = [
  ...['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'].map((c) =>
    usage(c, 'm365.defender-for-endpoint-p2', '2026-05', 400, 4000),
  ),
  ...certified('engineer', 2, 'azure-security-engineer-associate'),
  ...certified('soc', 2, 'security-operations-analyst-associate'),
  ...certified('architect', 6, 'information-security-administrator-associate'),
];

describe('security: above 70 with a zero metric', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'security');

  it('scores 14 + 40 + 0 + 20 = 74 and does not qualify', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 14, // 7/10 × 20
      'intermediate-certifications': 40, // 6/6
      deployments: 0,
      'usage-growth': 20, // 2800 users ≥ 2500
    });
    expect(score).toMatchObject({ track: 'enterprise', score: 74, qualified: false });
  });
});
