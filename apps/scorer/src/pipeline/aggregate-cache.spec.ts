import { AggregateCache } from './aggregate-cache.js';

describe('AggregateCache outbox-clean marks', () => {
  const entry = (version: number, bytes = 10) => ({
    version,
    aggregate: `agg-${version}`,
    meta: `meta-${version}`,
    bytes,
  });

  it('marks only the version whose outbox was published, and a new put clears the mark', () => {
    const cache = new AggregateCache<string, string>(1_000);
    cache.put('p', entry(3));
    expect(cache.isOutboxClean('p')).toBe(false);
    cache.markOutboxClean('p', 2); // an older commit's publish: says nothing about version 3
    expect(cache.isOutboxClean('p')).toBe(false);
    cache.markOutboxClean('p', 3);
    expect(cache.isOutboxClean('p')).toBe(true);
    cache.put('p', entry(4));
    expect(cache.isOutboxClean('p')).toBe(false);
  });

  it('forgets the mark with the entry: taken, stale or evicted', () => {
    const cache = new AggregateCache<string, string>(25);
    cache.put('p', entry(1));
    cache.markOutboxClean('p', 1);
    expect(cache.take('p', 1)?.aggregate).toBe('agg-1');
    expect(cache.isOutboxClean('p')).toBe(false);
    cache.put('a', entry(1));
    cache.markOutboxClean('a', 1);
    cache.put('b', entry(1));
    cache.put('c', entry(1)); // 30 bytes > 25: 'a', the least recently put, goes
    expect(cache.isOutboxClean('a')).toBe(false);
    expect(cache.version('a')).toBe(0);
    cache.markOutboxClean('a', 1); // no entry: nothing to mark
    expect(cache.isOutboxClean('a')).toBe(false);
  });
});
