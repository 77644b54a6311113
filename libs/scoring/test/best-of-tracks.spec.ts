import { parseProgram, scorePartner } from '../src/index.js';
import { aggregateOf, certified, ms } from './support/events.js';

const people = (id: string, maxPoints: number, fullAt: number) => ({
  id,
  category: 'skilling',
  maxPoints,
  components: [{ kind: 'certifiedPeople', certifications: [id], fullAt }],
});
// wide: a 50 + b 50; narrow: a 90 + b 5 + c 5; copy: the same as wide. Threshold 70.
const program = parseProgram({
  id: 'tracks',
  version: '1',
  threshold: 70,
  dataLagDays: 0,
  certifications: ['a', 'b', 'c'],
  designations: [
    {
      id: 'd',
      tracks: [
        { id: 'wide', metrics: [people('a', 50, 10), people('b', 50, 10)] },
        { id: 'narrow', metrics: [people('a', 90, 10), people('b', 5, 10), people('c', 5, 1)] },
        { id: 'copy', metrics: [people('a', 50, 10), people('b', 50, 10)] },
      ],
    },
  ],
});
const T = ms('2026-06-10T00:00:00Z');
const best = (a: number, b: number, c: number) =>
  scorePartner(
    program,
    aggregateOf([...certified('a', a, 'a'), ...certified('b', b, 'b'), ...certified('c', c, 'c')]),
    T,
  ).designations[0]!;

describe('best-of tracks', () => {
  it('a qualifying track beats a non-qualifying one with more points', () => {
    // wide: 50 + 50 × 4/10 = 70 ✓; narrow: 90 + 5 × 4/10 + 0 = 92 ✗ (c is 0)
    expect(best(10, 4, 0)).toMatchObject({ track: 'wide', score: 70, qualified: true });
    expect(best(10, 4, 0).tracks).toEqual([
      { track: 'wide', score: 70, qualified: true },
      { track: 'narrow', score: 92, qualified: false },
      { track: 'copy', score: 70, qualified: true },
    ]);
  });

  it('among qualifying tracks the higher total wins', () => {
    // wide: 50 + 20 = 70 ✓; narrow: 90 + 2 + 5 = 97 ✓
    expect(best(10, 4, 1)).toMatchObject({ track: 'narrow', score: 97, qualified: true });
  });

  it('among non-qualifying tracks the higher total wins, and its metrics are reported', () => {
    // wide: 30 + 0 = 30 ✗; narrow: 54 + 0 + 5 = 59 ✗
    const d = best(6, 0, 1);
    expect(d).toMatchObject({ track: 'narrow', score: 59, qualified: false });
    expect(d.metrics.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('breaks ties by the order listed', () => {
    // wide 10 + 10 = 20, narrow 18 + 1 + 0 = 19, copy 20 → wide (listed before copy)
    expect(best(2, 2, 0).track).toBe('wide');
    expect(best(0, 0, 0)).toMatchObject({ track: 'wide', score: 0 });
  });
});
