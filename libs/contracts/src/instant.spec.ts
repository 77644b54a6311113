import fc from 'fast-check';
import { instantForm, ISO_INSTANT } from './primitives.js';

/** The rule as it was written with the regex (before 2026-11-28): the reference instantForm must equal. */
function reference(value: string): 'valid' | 'malformed' | 'impossible' {
  const match = ISO_INSTANT.exec(value);
  if (!match) return 'malformed';
  const [, y, mo, d, h, mi, s] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const day = new Date(Date.UTC(y, mo - 1, d));
  const valid =
    mo >= 1 &&
    mo <= 12 &&
    day.getUTCDate() === d &&
    day.getUTCMonth() === mo - 1 &&
    h <= 23 &&
    mi <= 59 &&
    s <= 59;
  return valid && !Number.isNaN(Date.parse(value)) ? 'valid' : 'impossible';
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Instant-shaped strings with every field a little out of range now and then. */
const shaped = fc
  .record({
    y: fc.integer({ min: 0, max: 9999 }),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    h: fc.integer({ min: 0, max: 25 }),
    mi: fc.integer({ min: 0, max: 60 }),
    s: fc.integer({ min: 0, max: 60 }),
    fraction: fc.option(fc.stringMatching(/^[0-9]{0,11}$/)),
    zone: fc.oneof(
      fc.constant('Z'),
      fc
        .constantFrom('+', '-')
        .chain((sign) =>
          fc
            .tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 70 }))
            .map(([oh, om]) => `${sign}${pad(oh, 2)}:${pad(om, 2)}`),
        ),
      fc.constantFrom('', 'z', '+0100', '+01:0', 'Z '),
    ),
  })
  .map(
    ({ y, mo, d, h, mi, s, fraction, zone }) =>
      `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${fraction === null ? '' : `.${fraction}`}${zone}`,
  );

describe('instantForm', () => {
  it('decides every instant-shaped string as the regex rule does', () => {
    fc.assert(
      fc.property(shaped, (text) => expect(instantForm(text)).toBe(reference(text))),
      { numRuns: 20_000 },
    );
  });

  it('decides shaped strings with one character changed, and arbitrary strings, as the regex rule does', () => {
    const mutated = fc
      .tuple(shaped, fc.nat(), fc.constantFrom('0', '9', 'a', '-', ':', 'T', '.', 'Z', '+', ' ', '٣', ''))
      .map(([text, at, c]) => {
        const i = at % text.length;
        return text.slice(0, i) + c + text.slice(i + 1);
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string({ maxLength: 40 })), (text) =>
        expect(instantForm(text)).toBe(reference(text)),
      ),
      { numRuns: 20_000 },
    );
  });

  it('knows leap days, including the rule for years 0-99 the regex check has always applied', () => {
    expect(instantForm('2024-02-29T00:00:00Z')).toBe('valid');
    expect(instantForm('2026-02-29T00:00:00Z')).toBe('impossible');
    expect(instantForm('2000-02-29T00:00:00Z')).toBe('valid');
    expect(instantForm('2100-02-29T00:00:00Z')).toBe('impossible');
    expect(instantForm('0004-02-29T00:00:00Z')).toBe('valid');
    expect(instantForm('0000-02-29T00:00:00Z')).toBe(reference('0000-02-29T00:00:00Z'));
  });
});
