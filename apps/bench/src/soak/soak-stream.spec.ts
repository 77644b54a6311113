import { decodeInputRecord } from '@app/contracts';
import { createSoakStream } from './soak-stream.js';
import { parseSoakOptions, SoakUsageError } from './soak-options.js';
import { slopePerHour, summarize } from './soak-stats.js';

const NOW = Date.parse('2026-11-28T09:00:00Z');

describe('soak stream', () => {
  it('yields records that capscore accepts on their topic, keyed by partner', () => {
    const stream = createSoakStream({ partners: 3, seed: 7, now: NOW });
    for (let i = 0; i < 2 * stream.universeSize; i++) {
      const r = stream.next();
      const decoded = decodeInputRecord(r.role, Buffer.from(r.key), Buffer.from(r.value));
      expect(decoded).toMatchObject({ ok: true });
      expect(JSON.parse(r.value)).toMatchObject({ partnerId: r.key });
    }
  });

  it('cycles through a fixed universe: the second cycle re-sends the same facts', () => {
    const stream = createSoakStream({ partners: 2, seed: 7, now: NOW, usageShare: 0 });
    const first = Array.from({ length: stream.universeSize }, () => stream.next().value);
    expect(stream.cycles).toBe(1);
    const second = Array.from({ length: stream.universeSize }, () => stream.next().value);
    expect(new Set(second)).toEqual(new Set(first));
    expect(new Set(first).size).toBe(stream.universeSize);
  });

  it('is the same stream for the same seed', () => {
    const values = (seed: number) => {
      const stream = createSoakStream({ partners: 2, seed, now: NOW, usageShare: 0 });
      return Array.from({ length: 20 }, () => stream.next().value);
    };
    expect(values(7)).toEqual(values(7));
    expect(values(8)).not.toEqual(values(7));
  });
});

describe('soak statistics and options', () => {
  it('gives the least-squares slope per hour and the spread', () => {
    const samples = [0, 60, 120].map((t) => ({ t, mb: 100 + t / 60 }));
    expect(slopePerHour(samples, 'mb')).toBe(60);
    expect(slopePerHour(samples.slice(0, 1), 'mb')).toBeNull();
    expect(summarize([3, 1, 2, NaN])).toEqual({ min: 1, p50: 2, p95: 3, max: 3 });
  });

  it('refuses a non-positive number, naming the option', () => {
    expect(parseSoakOptions(['--minutes', '2', '--keep'], '/r', new Date(0))).toMatchObject({
      minutes: 2,
      rate: 1000,
      keep: true,
      privateRedis: false,
      outDir: '/r/.run/soak/1970-01-01T00-00-00-000Z',
    });
    expect(() => parseSoakOptions(['--rate', '0'], '/r')).toThrow(SoakUsageError);
    expect(() => parseSoakOptions(['--rate', '0'], '/r')).toThrow(/--rate must be a positive number/);
  });
});
