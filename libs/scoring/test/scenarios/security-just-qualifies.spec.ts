import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, pointsOf, usage } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. Seven M365 security tenants with 4000 licences in L (three of
// them already had > 300 in Y); u1–u3 have 25 % active users, u4–u7 10 %.
const T = '2026-06-25T00:00:00Z';

const events = [
  ...['u1', 'u2', 'u3'].map((c) => usage(c, 'm365.intune', '2026-05', 1000, 4000)),
  ...['u4', 'u5', 'u6', 'u7'].map((c) => usage(c, 'm365.intune', '2026-05', 400, 4000)),
  ...['u5', 'u6', 'u7'].map((c) => usage(c, 'm365.intune', '2025-05', 0, 4000)),
  ...certified('engineer', 2, 'azure-security-engineer-associate'),
  ...certified('soc', 2, 'security-operations-analyst-associate'),
  ...certified('architect', 5, 'cybersecurity-architect-expert'),
];

describe('security: just qualifies', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'security');

  it('qualifies on enterprise with 8 + 33.33 + 10 + 20 = 71.33', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 8, // (b) 7 − 3 = 4 → 20 × 4/10
      'intermediate-certifications': 33.33, // truncate2(40 × 5/6 = 33.333…)
      deployments: 10, // (b) 3 tenants ≥ 15 % active → 20 × 3/6
      'usage-growth': 20, // (b) 3 × 1000 + 4 × 400 = 4600 users ≥ 2500
    });
    expect(score).toMatchObject({ track: 'enterprise', score: 71.33, qualified: true });
  });

  it('beats the SMB track, which reaches 70 but has no tenant with 5–300 licences (net adds 0)', () => {
    // SMB: 0 + 40 (0.1 + 0.1 + 5/5, clamped) + 10 + 20 = 70.
    expect(score.tracks).toEqual([
      { track: 'enterprise', score: 71.33, qualified: true },
      { track: 'smb', score: 70, qualified: false },
    ]);
  });
});
