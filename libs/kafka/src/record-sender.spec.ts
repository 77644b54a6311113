import { defaultPartition, groupByTopic } from './record-sender.js';

describe('record sender helpers', () => {
  it('groups records by topic, each topic in the order given', () => {
    const records = [
      { topic: 'a', n: 1 },
      { topic: 'b', n: 2 },
      { topic: 'a', n: 3 },
    ];
    expect([...groupByTopic(records)].map(([topic, list]) => [topic, list.map((r) => r.n)])).toEqual([
      ['a', [1, 3]],
      ['b', [2]],
    ]);
  });

  it('places a key on the same partition every time, within range; keyless records take turns', () => {
    const keys = Array.from({ length: 50 }, (_, i) => `partner-${i}`);
    const first = keys.map((k) => defaultPartition(k, 4));
    expect(keys.map((k) => defaultPartition(Buffer.from(k), 4))).toEqual(first);
    expect(first.every((p) => p >= 0 && p < 4)).toBe(true);
    expect(new Set(first).size).toBe(4);
    expect(new Set(Array.from({ length: 8 }, () => defaultPartition(null, 4))).size).toBeGreaterThan(1);
  });
});
