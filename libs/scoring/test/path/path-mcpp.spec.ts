import type { InputEvent } from '@app/contracts';
import {
  MCPP_PROGRAM,
  type QualificationPath,
  applyEvent,
  pathToQualify,
  scorePartner,
} from '../../src/index.js';
import { aggregateOf, certified, modernWorkUsage, ms, revenue } from '../support/events.js';

// L = 2026-05, Y = 2025-05 at T (MCPP: 19 days of lag).
const T = '2026-06-25T00:00:00Z';

const path = (events: InputEvent[], designationId: string): QualificationPath =>
  pathToQualify(MCPP_PROGRAM, aggregateOf(events), designationId, ms(T));

const summary = (p: QualificationPath) =>
  p.suggestions.map(({ metricId, kind, count, points }) => ({ metricId, kind, count, points }));

function scoreWith(events: InputEvent[], p: QualificationPath) {
  const agg = aggregateOf(events);
  for (const s of p.suggestions) for (const e of s.events) applyEvent(agg, e);
  return scorePartner(MCPP_PROGRAM, agg, ms(T)).designations.find((d) => d.designationId === p.designationId);
}

describe('path to qualify on MCPP', () => {
  it('is empty for a partner that qualifies', () => {
    const events = [
      ...modernWorkUsage(),
      ...certified('teams', 2, 'teams-administrator-associate'),
      ...certified('m365', 2, 'm365-enterprise-administrator-expert'),
    ];
    expect(path(events, 'modern-work')).toMatchObject({
      qualified: true,
      reachable: true,
      additions: 0,
      suggestions: [],
      track: 'enterprise',
      score: 72.7,
    });
  });

  describe('data-ai-azure at 22 points (growth full, one workload, one administrator)', () => {
    const events = [
      revenue('c1', 'azure.key-vault', '2025-05', 2000),
      revenue('c1', 'azure.key-vault', '2026-05', 2600), // +30 % over ttm: usage-growth 20/20
      ...certified('adm', 1, 'azure-administrator-associate'),
    ];
    const p = path(events, 'data-ai-azure');

    it('adds 3 new customers, 3 certified people and the 3 gate holders still missing: 9 events to exactly 70', () => {
      expect(p).toMatchObject({
        qualified: false,
        score: 22,
        reachable: true,
        track: 'enterprise',
        additions: 9,
        scoreAfter: 70,
      });
      expect(summary(p)).toEqual([
        // 3 × 10 net-customer points, and their 3 new workloads raise deployments 2 → 8.
        { metricId: 'net-customer-adds', kind: 'netQualifying', count: 3, points: 36 },
        // The people count only once both gates hold: 3 people → 40 × 3/10 = 12.
        { metricId: 'intermediate-certifications', kind: 'certifiedPeople', count: 3, points: 0 },
        { metricId: 'intermediate-certifications', kind: 'certifiedPeople', count: 1, points: 0 },
        { metricId: 'intermediate-certifications', kind: 'certifiedPeople', count: 2, points: 12 },
      ]);
      expect(scoreWith(events, p)).toMatchObject({ qualified: true, score: 70 });
    });

    it('speaks the program: the floor amount in the scored month, certifications with their alternatives', () => {
      const [customers, people, gate] = p.suggestions;
      expect(customers).toMatchObject({ month: '2026-05', source: 'revenue' });
      expect(customers?.figures?.map((f) => f.amountUsd)).toEqual([1000, 1000, 1000]);
      expect(customers?.figures?.every((f) => f.workload.startsWith('azure.'))).toBe(true);
      expect(people?.alternatives).toContain('azure-ai-engineer-associate');
      expect(gate?.text).toBe('1 more person certified in azure-administrator-associate for the gate');
      expect(
        p.suggestions.flatMap((s) => s.events).every((e) => e.occurredAt === '2026-06-25T00:00:00.000Z'),
      ).toBe(true);
    });
  });

  it('tops growth up by the least amount that reaches the threshold', () => {
    // 20 (3 new customers in L, 1 in Y) + 40 + 10 = 70 already; growth at 0 needs only > 0.
    const events = [
      ...['c1', 'c2', 'c3'].map((c, i) => revenue(c, `azure.w${i}`, '2026-05', 1000)),
      revenue('c4', 'azure.w3', '2026-05', 1),
      revenue('c5', 'azure.w4', '2026-05', 1),
      revenue('old', 'azure.w0', '2025-05', 10000), // baseline ttm(Y) = 10000; current 3002
      ...certified('adm', 2, 'azure-administrator-associate'),
      ...certified('arch', 2, 'azure-solutions-architect-expert'),
      ...certified('ai', 10, 'azure-ai-engineer-associate'),
    ];
    const p = path(events, 'data-ai-azure');
    // Growth 0.01 points, and the top-up's customer is one more net customer: +10.
    expect(summary(p)).toEqual([{ metricId: 'usage-growth', kind: 'growth', count: 1, points: 10.01 }]);
    // 0.01 points = 20 × g/20 → g ≥ 0.01 %: V(L) ≥ 10001 USD, from 3002: +6999 USD.
    expect(p.suggestions[0]?.figures?.[0]?.amountUsd).toBe(6999);
    expect(scoreWith(events, p)).toMatchObject({ qualified: true, score: 80.01 });
  });

  it('cannot add to the past: percent growth without a baseline blocks data-ai-azure', () => {
    const p = path([revenue('c1', 'azure.key-vault', '2026-05', 5000)], 'data-ai-azure');
    expect(p).toMatchObject({ reachable: false, track: null, suggestions: [], additions: 0 });
    expect(p.blocked).toEqual([
      {
        track: 'enterprise',
        reasons: [expect.stringMatching(/^usage-growth: percent growth needs a baseline/)],
      },
    ]);
  });

  it('chooses the track needing the fewest additions: security from nothing on the SMB track', () => {
    const p = path([], 'security');
    expect(p).toMatchObject({ track: 'smb', reachable: true, additions: 9 });
    expect(scoreWith([], p)).toMatchObject({ qualified: true, track: 'smb' });
  });

  it('fills a gate with the people it lacks, naming it', () => {
    const events = [
      ...certified('net', 5, 'azure-network-engineer-associate'),
      revenue('old', 'azure.sql', '2025-05', 100),
    ];
    const p = path(events, 'infrastructure-azure');
    const intermediate = p.suggestions.filter((s) => s.metricId === 'intermediate-certifications');
    expect(intermediate).toEqual([
      expect.objectContaining({
        certification: 'azure-administrator-associate',
        count: 2,
        forGateOnly: true,
        points: 20,
      }),
    ]);
  });
});
