import {
  emptyLifecycle,
  MCPP_PROGRAM,
  type DesignationScore,
  type PartnerScore,
  worklistIndexChanges,
  worklistPlaces,
} from '@app/scoring';

const at = Date.parse('2026-06-20T00:00:00Z');
const designation = (
  designationId: string,
  score: number,
  qualified: boolean,
  zero: string[] = [],
): DesignationScore => ({
  designationId,
  track: 'enterprise',
  score,
  qualified,
  tracks: [],
  metrics: [
    {
      id: 'a',
      category: 'performance',
      points: zero.includes('a') ? 0 : 10,
      maxPoints: 20,
      value: 1,
      missing: [],
    },
    {
      id: 'b',
      category: 'skilling',
      points: zero.includes('b') ? 0 : 10,
      maxPoints: 20,
      value: 1,
      missing: [],
    },
  ],
});
const score = (...designations: DesignationScore[]): PartnerScore => ({ partnerId: 'p', at, designations });

describe(worklistPlaces.name, () => {
  it('puts a partner that does not qualify on the near-miss list from threshold − 10 on, above the threshold with a metric at 0 included', () => {
    const places = worklistPlaces(
      MCPP_PROGRAM,
      score(
        designation('security', 59.99, false),
        designation('modern-work', 60, false),
        designation('data-ai-azure', 85, false, ['b']),
        designation('infrastructure-azure', 90, true),
      ),
      emptyLifecycle(),
    );
    expect(places).toEqual({
      'modern-work': { atRisk: null, nearMiss: { score: 60, track: 'enterprise', zeroMetrics: [] } },
      'data-ai-azure': { atRisk: null, nearMiss: { score: 85, track: 'enterprise', zeroMetrics: ['b'] } },
    });
  });

  it('puts a held designation flagged at risk on the at-risk list with its anniversary', () => {
    const lifecycle = emptyLifecycle();
    const anniversary = Date.parse('2026-11-01T00:00:00Z');
    lifecycle.designations.security = {
      held: true,
      grantedAt: at - 1,
      anniversary,
      renewals: 0,
      lastQualifiedAt: null,
      atRisk: true,
    };
    lifecycle.designations['modern-work'] = {
      held: true,
      grantedAt: at - 1,
      anniversary,
      renewals: 0,
      lastQualifiedAt: at,
      atRisk: false,
    };
    const places = worklistPlaces(
      MCPP_PROGRAM,
      score(designation('security', 40, false), designation('modern-work', 40, false)),
      lifecycle,
    );
    expect(places).toEqual({ security: { atRisk: { anniversary, score: 40 }, nearMiss: null } });
  });
});

describe(worklistIndexChanges.name, () => {
  it('adds, moves and removes index entries only where the sort score changes', () => {
    const before = {
      security: {
        atRisk: { anniversary: 5, score: 1 },
        nearMiss: { score: 61, track: 't', zeroMetrics: [] },
      },
    };
    expect(worklistIndexChanges(MCPP_PROGRAM, before, before)).toEqual([]);
    // The zero metrics moved but not the score: the index stays, the details (in the meta) change.
    expect(
      worklistIndexChanges(MCPP_PROGRAM, before, {
        security: { ...before.security, nearMiss: { score: 61, track: 't', zeroMetrics: ['x'] } },
      }),
    ).toEqual([]);
    const moved = worklistIndexChanges(MCPP_PROGRAM, before, {
      security: { atRisk: null, nearMiss: { score: 65.5, track: 't', zeroMetrics: [] } },
      'modern-work': { atRisk: { anniversary: 9, score: 0 }, nearMiss: null },
    });
    expect(moved).toHaveLength(3);
    expect(moved).toEqual(
      expect.arrayContaining([
        { designationId: 'security', list: 'at-risk', score: null },
        { designationId: 'security', list: 'near-miss', score: -65.5 },
        { designationId: 'modern-work', list: 'at-risk', score: 9 },
      ]),
    );
    expect(worklistIndexChanges(MCPP_PROGRAM, before, {})).toEqual([
      { designationId: 'security', list: 'at-risk', score: null },
      { designationId: 'security', list: 'near-miss', score: null },
    ]);
  });
});
