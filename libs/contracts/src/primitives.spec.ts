import { isoInstant, parseIsoInstant } from './primitives.js';

describe('isoInstant / parseIsoInstant', () => {
  it('reads instants with an explicit offset to epoch ms', () => {
    expect(parseIsoInstant('2026-06-15T00:00:00Z')).toBe(Date.UTC(2026, 5, 15));
    expect(parseIsoInstant('2026-06-15T02:00:00.123+02:00')).toBe(Date.UTC(2026, 5, 15, 0, 0, 0, 123));
    expect(parseIsoInstant('2028-02-29T23:59:59Z')).toBe(Date.UTC(2028, 1, 29, 23, 59, 59));
  });

  it.each([
    ['an impossible day', '2026-02-30T00:00:00Z'],
    ['February 29 of a common year', '2026-02-29T00:00:00Z'],
    ['day 31 of a 30-day month', '2026-04-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['hour 24', '2026-06-15T24:00:00Z'],
    ['no offset (local time)', '2026-06-15T00:00:00'],
    ['a bare date', '2026-06-15'],
    ['no seconds', '2026-06-15T00:00Z'],
    ['prose', 'yesterday'],
  ])('refuses %s (%s)', (_what, text) => {
    expect(parseIsoInstant(text)).toBeUndefined();
    expect(isoInstant.safeParse(text).success).toBe(false);
  });

  it('says why a well-formed but impossible date is refused', () => {
    const result = isoInstant.safeParse('2026-02-30T00:00:00Z');
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'impossible date or time: 2026-02-30T00:00:00Z',
    ]);
  });
});
