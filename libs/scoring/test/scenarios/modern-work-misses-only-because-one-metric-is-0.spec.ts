import { MCPP_PROGRAM } from '../../src/index.js';
import { certified, designationScore, metricOf, modernWorkUsage, pointsOf } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T. As "just qualifies" without the advanced certifications.
const T = '2026-06-25T00:00:00Z';

const events = [...modernWorkUsage(), ...certified('teams', 2, 'teams-administrator-associate')];

describe('modern-work: misses only because one metric is 0', () => {
  const score = designationScore(MCPP_PROGRAM, events, T, 'modern-work');

  it('keeps the better non-qualifying track: enterprise 57.7 (12 + 5 + 0 + 20.7 + 20) over SMB 50', () => {
    expect(pointsOf(score)).toEqual({
      'net-customer-adds': 12,
      'intermediate-certifications': 5,
      'advanced-certifications': 0,
      'usage-growth': 20.7,
      deployments: 20,
    });
    expect(score).toMatchObject({ track: 'enterprise', score: 57.7, qualified: false });
    expect(score.tracks).toContainEqual({ track: 'smb', score: 50, qualified: false }); // 0 + 10 + 0 + 30 + 10
    expect(metricOf(score, 'advanced-certifications').missing).toEqual(['2 more certified people']);
  });
});
