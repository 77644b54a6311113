import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, pointsOf, usage } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. As "just qualifies" but u1–u3 have 500 of 4000 licences active
// (12.5 % < 15 %): no deployment.
const T = '2026-06-25T00:00:00Z';

const events = [
  ...['u1', 'u2', 'u3'].map((c) => usage(c, 'm365.intune', '2026-05', 500, 4000)),
  ...['u4', 'u5', 'u6', 'u7'].map((c) => usage(c, 'm365.intune', '2026-05', 400, 4000)),
  ...['u5', 'u6', 'u7'].map((c) => usage(c, 'm365.intune', '2025-05', 0, 4000)),
  ...certified('engineer', 2, 'cloud-and-ai-security-engineer-associate'),
  ...certified('soc', 2, 'security-operations-analyst-associate'),
  ...certified('architect', 5, 'identity-and-access-administrator-associate'),
];

describe('security: misses only because one metric is 0', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'security');

  it('scores 8 + 33.33 + 0 + 20 = 61.33 on enterprise (SMB: 0 + 40 + 0 + 20 = 60)', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 8,
      'intermediate-certifications': 33.33,
      deployments: 0,
      'usage-growth': 20, // 1500 + 1600 = 3100 users
    });
    expect(score).toMatchObject({ track: 'enterprise', score: 61.33, qualified: false });
    expect(score.tracks[1]).toEqual({ track: 'smb', score: 60, qualified: false });
  });
});
