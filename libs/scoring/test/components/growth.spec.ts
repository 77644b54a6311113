import { revenue, singleMetric, singleMetricProgram, usage } from '../support/events.js';

// dataLagDays 0: at T = 2026-06-10, L = 2026-05 and Y = 2025-05.
const T = '2026-06-10T00:00:00Z';
const growth = (params: Record<string, unknown>) =>
  singleMetricProgram(
    [
      {
        kind: 'growth',
        source: 'revenue',
        workloads: ['azure.*'],
        window: 'month',
        mode: 'percent',
        fullAt: 20,
        ...params,
      },
    ],
    { maxPoints: 20 },
  );

describe('growth', () => {
  it('percent: (V(L) − V(Y)) / V(Y) × 100', () => {
    const m = singleMetric(
      growth({}),
      [revenue('c1', 'azure.sql', '2025-05', 800), revenue('c2', 'azure.sql', '2026-05', 900)],
      T,
    );
    expect(m.value).toBe(12.5); // (900 − 800) / 800 × 100
    expect(m.points).toBe(12.5); // 20 × 12.5/20
  });

  it('percent with a zero baseline is 0, with a reason', () => {
    const m = singleMetric(growth({}), [revenue('c1', 'azure.sql', '2026-05', 900)], T);
    expect(m).toMatchObject({ value: 0, points: 0 });
    expect(m.missing[0]).toBe('no baseline: amount of the same month last year is 0');
  });

  it('percent with a small baseline grows fast, unless minBaseline rules it out', () => {
    const events = [revenue('c1', 'azure.sql', '2025-05', 1), revenue('c1', 'azure.sql', '2026-05', 2)];
    expect(singleMetric(growth({}), events, T)).toMatchObject({ value: 100, points: 20 }); // (2 − 1) / 1 = 100 %
    const guarded = singleMetric(growth({ minBaseline: 1.01 }), events, T);
    expect(guarded).toMatchObject({ value: 0, points: 0 });
    expect(guarded.missing[0]).toBe('baseline amount 1 (same month last year) is below minBaseline 1.01');
  });

  it('a baseline equal to minBaseline is accepted', () => {
    const events = [revenue('c1', 'azure.sql', '2025-05', 50), revenue('c1', 'azure.sql', '2026-05', 55)];
    expect(singleMetric(growth({ minBaseline: 50 }), events, T).value).toBe(10); // (55 − 50) / 50
  });

  it('minCurrent: 0 when V(L) is below it, counted when equal', () => {
    const events = [revenue('c1', 'azure.sql', '2025-05', 500)];
    const below = singleMetric(
      growth({ minCurrent: 1000 }),
      [...events, revenue('c1', 'azure.sql', '2026-05', 999.99)],
      T,
    );
    expect(below.value).toBe(0);
    expect(below.missing[0]).toBe('current amount 999.99 is below minCurrent 1000');
    const equal = singleMetric(
      growth({ minCurrent: 1000 }),
      [...events, revenue('c1', 'azure.sql', '2026-05', 1000)],
      T,
    );
    expect(equal.value).toBe(100); // (1000 − 500) / 500
  });

  it('negative growth is a negative value and 0 points', () => {
    const m = singleMetric(
      growth({}),
      [revenue('c1', 'azure.sql', '2025-05', 1000), revenue('c1', 'azure.sql', '2026-05', 750)],
      T,
    );
    expect(m).toMatchObject({ value: -25, points: 0 });
  });

  it('ttm: sums the twelve months ending at L and at Y', () => {
    const events = [
      revenue('c1', 'azure.sql', '2024-06', 400), // ttm(Y) first month
      revenue('c2', 'azure.sql', '2025-05', 600), // ttm(Y) last month → V(Y) = 1000
      revenue('c1', 'azure.sql', '2025-06', 700), // ttm(L) first month
      revenue('c3', 'azure.sql', '2026-05', 500), // → V(L) = 1200
      revenue('c9', 'azure.sql', '2024-05', 9999), // before ttm(Y)
    ];
    expect(singleMetric(growth({ window: 'ttm' }), events, T).value).toBe(20); // (1200 − 1000) / 1000
  });

  it('absolute on usage: Σ activeUsers in L minus Σ in Y; partial points below fullAt', () => {
    const program = singleMetricProgram(
      [
        {
          kind: 'growth',
          source: 'usage',
          workloads: ['m365.*'],
          measure: 'activeUsers',
          window: 'month',
          mode: 'absolute',
          fullAt: 1000,
        },
      ],
      { maxPoints: 30 },
    );
    const events = [
      usage('c1', 'm365.teams', '2025-05', 100, 500),
      usage('c1', 'm365.teams', '2026-05', 433, 500),
      usage('c2', 'm365.intune', '2026-05', 1, 1),
    ];
    const m = singleMetric(program, events, T);
    expect(m.value).toBe(334); // 433 + 1 − 100
    expect(m.points).toBe(10.02); // truncate2(30 × 334/1000 = 10.02)
    expect(m.missing).toEqual(['666 more active users of growth']);
  });
});
