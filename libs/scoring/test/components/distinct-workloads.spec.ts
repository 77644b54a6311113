import { revenue, reversal, singleMetric, singleMetricProgram } from '../support/events.js';

// dataLagDays 0: at T = 2026-06-10, L = 2026-05; ttm(L) = 2025-06 … 2026-05.
const T = '2026-06-10T00:00:00Z';
const program = singleMetricProgram(
  [
    {
      kind: 'distinctWorkloads',
      workloads: { include: ['azure.*'], exclude: ['azure.virtual-machines'] },
      greaterThan: 0,
      fullAt: 5,
    },
  ],
  { maxPoints: 10 },
);

describe('distinctWorkloads', () => {
  it('counts eligible workloads whose ttm revenue over all customers exceeds the floor', () => {
    const events = [
      revenue('c1', 'azure.sql', '2025-06', 10), // first ttm month ✓
      revenue('c2', 'azure.storage', '2026-05', 0.01), // > 0 ✓
      revenue('c1', 'azure.functions', '2025-05', 100), // before ttm(L) ✗
      revenue('c1', 'azure.virtual-machines', '2026-01', 500), // excluded ✗
      revenue('c1', 'azure.app-service', '2026-02', 100),
      revenue('c2', 'azure.app-service', '2026-03', -100), // credits net to 0: not > 0 ✗
      revenue('c1', 'm365.teams', '2026-02', 100), // not azure.* ✗
    ];
    const m = singleMetric(program, events, T);
    expect(m.value).toBe(2); // sql, storage
    expect(m.points).toBe(4); // 10 × 2/5
  });

  it('ignores reversed items', () => {
    const events = [
      revenue('c1', 'azure.sql', '2026-01', 10, { eventId: 'r1' }),
      reversal('r1', '2026-02-02T00:00:00Z'),
    ];
    expect(singleMetric(program, events, T).value).toBe(0);
  });
});
