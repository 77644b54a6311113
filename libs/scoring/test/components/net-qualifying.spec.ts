import { revenue, singleMetric, singleMetricProgram, usage } from '../support/events.js';

// dataLagDays 0: at T = 2026-06-10, L = 2026-05 and Y = 2025-05.
const T = '2026-06-10T00:00:00Z';

const netRevenue = (floor: Record<string, number>, extra: Record<string, unknown> = {}) =>
  singleMetricProgram([
    {
      kind: 'netQualifying',
      source: 'revenue',
      workloads: ['azure.*'],
      per: 'customer',
      window: 'month',
      ...floor,
      fullAt: 4,
      ...extra,
    },
  ]);

describe('netQualifying', () => {
  it('counts a customer whose measure equals an atLeast floor', () => {
    const m = singleMetric(
      netRevenue({ atLeast: 1000 }),
      [revenue('c1', 'azure.sql', '2026-05', 1000), revenue('c2', 'azure.sql', '2026-05', 999.99)],
      T,
    );
    expect(m.value).toBe(1); // c1 only
    expect(m.points).toBe(25); // 100 × 1/4
  });

  it('does not count a customer whose measure equals a greaterThan floor', () => {
    const m = singleMetric(
      netRevenue({ greaterThan: 1000 }),
      [revenue('c1', 'azure.sql', '2026-05', 1000), revenue('c2', 'azure.sql', '2026-05', 1000.01)],
      T,
    );
    expect(m.value).toBe(1); // c2 only
  });

  it('applies atMost as an inclusive upper bound', () => {
    const program = netRevenue({ atLeast: 11, atMost: 300 });
    const m = singleMetric(
      program,
      [
        revenue('c1', 'azure.sql', '2026-05', 300),
        revenue('c2', 'azure.sql', '2026-05', 300.01),
        revenue('c3', 'azure.sql', '2026-05', 11),
        revenue('c4', 'azure.sql', '2026-05', 10.99),
      ],
      T,
    );
    expect(m.value).toBe(2); // c1 (300) and c3 (11)
  });

  it('sums a customer over eligible workloads only (combine sum)', () => {
    const m = singleMetric(
      netRevenue({ atLeast: 1000 }),
      [
        revenue('c1', 'azure.sql', '2026-05', 600),
        revenue('c1', 'azure.storage', '2026-05', 400), // 600 + 400 = 1000 ✓
        revenue('c2', 'azure.sql', '2026-05', 600),
        revenue('c2', 'm365.teams', '2026-05', 400), // not azure.*: 600 ✗
      ],
      T,
    );
    expect(m.value).toBe(1);
  });

  it('subtracts last year: negative net adds give 0 points and the shortfall counts from below zero', () => {
    const events = [
      revenue('c1', 'azure.sql', '2025-05', 1000),
      revenue('c2', 'azure.sql', '2025-05', 1000),
      revenue('c3', 'azure.sql', '2025-05', 1000),
      revenue('c1', 'azure.sql', '2026-05', 1000),
    ];
    const m = singleMetric(netRevenue({ atLeast: 1000 }), events, T);
    expect(m.value).toBe(-2); // |Q(L)| = 1, |Q(Y)| = 3
    expect(m.points).toBe(0);
    expect(m.missing).toEqual(['6 more net qualifying customers']); // from −2 to 4
  });

  it('twoMonths: met in m or in m − 1, each month on its own', () => {
    const program = netRevenue({ atLeast: 1000 }, { window: 'twoMonths' });
    const events = [
      revenue('c1', 'azure.sql', '2026-04', 1000), // L − 1 ✓
      revenue('c2', 'azure.sql', '2026-04', 500),
      revenue('c2', 'azure.sql', '2026-05', 500), // 500 + 500 across two months ✗
      revenue('c3', 'azure.sql', '2026-03', 5000), // L − 2 ✗
      revenue('c4', 'azure.sql', '2025-04', 1000), // Y − 1 ✓ (last year)
    ];
    expect(singleMetric(program, events, T).value).toBe(0); // |{c1}| − |{c4}|
  });

  it('ttm: sums revenue over the twelve months ending at L (and at Y)', () => {
    const program = netRevenue({ atLeast: 600 }, { window: 'ttm' });
    const events = [
      revenue('c1', 'azure.sql', '2025-06', 300), // first month of ttm(L)
      revenue('c1', 'azure.sql', '2026-05', 300), // last month: 600 ✓
      revenue('c2', 'azure.sql', '2025-05', 300), // ttm(Y) only
      revenue('c2', 'azure.sql', '2026-05', 299.99), // ttm(L): 299.99 ✗
      revenue('c3', 'azure.sql', '2024-06', 600), // ttm(Y) ✓
    ];
    const m = singleMetric(program, events, T);
    expect(m.value).toBe(0); // Q(L) = {c1}, Q(Y) = {c3}: 1 − 1
  });

  it('per customerWorkload counts pairs; combine max judges a customer by its best workload', () => {
    const events = [
      usage('c1', 'm365.teams', '2026-05', 10, 301),
      usage('c1', 'm365.exchange', '2026-05', 10, 301),
      usage('c2', 'm365.teams', '2026-05', 10, 200),
      usage('c2', 'm365.exchange', '2026-05', 10, 200), // sum 400, max 200
    ];
    const base = {
      kind: 'netQualifying',
      source: 'usage',
      workloads: ['m365.*'],
      measure: 'paidLicenses',
      window: 'month',
      greaterThan: 300,
      fullAt: 5,
    };
    const pairs = singleMetricProgram([{ ...base, per: 'customerWorkload' }]);
    const max = singleMetricProgram([{ ...base, per: 'customer', combine: 'max' }]);
    const sum = singleMetricProgram([{ ...base, per: 'customer', combine: 'sum' }]);
    expect(singleMetric(pairs, events, T).value).toBe(2); // c1/teams, c1/exchange
    expect(singleMetric(max, events, T).value).toBe(1); // c1 (301)
    expect(singleMetric(sum, events, T).value).toBe(2); // c1 602, c2 400
  });

  it('activeRatio is Σ active / Σ paid over the aggregated rows, and 0 without licences', () => {
    const program = singleMetricProgram([
      {
        kind: 'netQualifying',
        source: 'usage',
        workloads: ['m365.*'],
        per: 'customer',
        measure: 'activeRatio',
        window: 'month',
        atLeast: 0.4,
        fullAt: 5,
      },
    ]);
    const events = [
      usage('c1', 'm365.teams', '2026-05', 10, 100),
      usage('c1', 'm365.exchange', '2026-05', 30, 0), // (10 + 30) / 100 = 0.4 ✓
      usage('c2', 'm365.teams', '2026-05', 5, 0), // no licences → 0 ✗
    ];
    expect(singleMetric(program, events, T).value).toBe(1);
  });

  it('mcv uses the workload rate; a workload without a rate has none', () => {
    const program = singleMetricProgram([
      {
        kind: 'netQualifying',
        source: 'usage',
        workloads: ['d365.*', 'power-platform.*'],
        per: 'customerWorkload',
        measure: 'mcv',
        window: 'month',
        atLeast: 10000,
        fullAt: 5,
      },
    ]);
    const events = [
      usage('c1', 'd365.business-central', '2026-05', 10, 10), // 10 × 1000 = 10000 ✓
      usage('c1', 'power-platform.apps', '2026-05', 49, 50), // 49 × 200 = 9800 ✗
      usage('c2', 'd365.unrated', '2026-05', 100000, 100000), // rate 0 ✗
    ];
    expect(singleMetric(program, events, T).value).toBe(1);
  });
});
