import { truncate2 } from '../src/index.js';
import { certified, revenue, singleMetric, singleMetricProgram } from './support/events.js';

const T = '2026-06-10T00:00:00Z';
const people = (cert: string, fullAt: number, extra: Record<string, unknown> = {}) => ({
  kind: 'certifiedPeople',
  certifications: [cert],
  fullAt,
  ...extra,
});

describe('metric points', () => {
  it('truncate2 truncates to cents with a 1e-6 guard against binary noise', () => {
    expect(truncate2(33.3333)).toBe(33.33);
    expect(truncate2(6.669)).toBe(6.66); // truncates, never rounds up
    expect(truncate2(0.29 * 100) / 100).toBe(0.29); // 0.29 × 100 = 28.999999999999996
    expect(truncate2(40 * (3 / 6))).toBe(20);
    expect(truncate2(1.005)).toBe(1); // 100.49999… → 100
  });

  it('gives proportional points and truncates: 40 × 5/6 = 33.333… → 33.33', () => {
    const program = singleMetricProgram([people('cert-a', 6)], { maxPoints: 40 });
    expect(singleMetric(program, certified('p', 5, 'cert-a'), T).points).toBe(33.33);
  });

  it('clamps raw progress at 1 (more units than fullAt earn no extra points)', () => {
    const program = singleMetricProgram([people('cert-a', 2)], { maxPoints: 15 });
    expect(singleMetric(program, certified('p', 5, 'cert-a'), T)).toMatchObject({
      points: 15,
      value: 5,
      missing: [],
    });
  });

  it('caps a component at maxUnits: steps that earn a fixed share', () => {
    // Security SMB style: step-1 (max 1 unit of 10), step-2 (max 1 of 10), step-3 (5 per full).
    const program = singleMetricProgram(
      [
        people('cert-a', 10, { maxUnits: 1, label: 'step-1' }),
        people('cert-b', 10, { maxUnits: 1, label: 'step-2' }),
        people('cert-c', 5, { label: 'step-3' }),
      ],
      { maxPoints: 40 },
    );
    const events = [
      ...certified('a', 3, 'cert-a'),
      ...certified('b', 1, 'cert-b'),
      ...certified('c', 2, 'cert-c'),
    ];
    const m = singleMetric(program, events, T);
    // raw = min(1, 3)/10 + min(1, 1)/10 + 2/5 = 0.1 + 0.1 + 0.4 = 0.6 → 40 × 0.6 = 24
    expect(m.points).toBe(24);
    expect(m.value).toBe(6); // 3 + 1 + 2 people counted per step
    // gap 0.4: step-1 and step-2 are capped; step-3 needs 0.4 × 5 = 2 more.
    expect(m.missing).toEqual(['step-3: 2 more certified people']);
  });

  it('scores 0 while any gate is unmet and says what each gate lacks', () => {
    const program = singleMetricProgram([people('cert-c', 5)], {
      maxPoints: 20,
      gates: [
        { certifications: ['cert-a'], atLeast: 2 },
        { certifications: ['cert-a', 'cert-b'], atLeast: 3 },
      ],
    });
    const events = [
      ...certified('a', 1, 'cert-a'),
      ...certified('b', 1, 'cert-b'),
      ...certified('c', 5, 'cert-c'),
    ];
    const m = singleMetric(program, events, T);
    expect(m.points).toBe(0);
    expect(m.missing).toEqual(['gate: 1 more cert-a', 'gate: 1 more of cert-a, cert-b']);
    const met = singleMetric(program, [...events, ...certified('a2-', 1, 'cert-a')], T);
    expect(met).toMatchObject({ points: 20, missing: [] });
  });

  it('sums several components; a negative one offsets the others', () => {
    const program = singleMetricProgram(
      [
        {
          kind: 'netQualifying',
          source: 'revenue',
          workloads: ['azure.*'],
          per: 'customer',
          window: 'month',
          atLeast: 100,
          fullAt: 10,
        },
        people('cert-a', 10),
      ],
      { maxPoints: 20 },
    );
    const events = [
      revenue('old1', 'azure.sql', '2025-05', 100),
      revenue('old2', 'azure.sql', '2025-05', 100),
      ...certified('p', 5, 'cert-a'),
    ];
    const m = singleMetric(program, events, T);
    // raw = −2/10 + 5/10 = 0.3 → 20 × 0.3 = 6
    expect(m).toMatchObject({ points: 6, value: 3 });
    // gap 0.7 → 7 more of either
    expect(m.missing).toEqual([
      'revenue: 7 more net qualifying customers or people: 7 more certified people',
    ]);
  });
});
