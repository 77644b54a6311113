import fc from 'fast-check';
import { mutate, mutation, validEvent } from '../../../test/support/contract-arbitraries.js';
import { certainlyValidEvent } from './fast-validate.js';
import { INPUT_EVENT_TYPES as INPUT_TYPES, InputEvent } from './input-events.js';

/**
 * The hand-written fast path of the decoder (fast-validate.ts) against zod, on the contract's
 * generators (test/support/contract-arbitraries.ts): it accepts every valid event, and never one
 * zod rejects or reads differently.
 */

describe('input contract properties (fast-check): the fast path', () => {
  const runs = { numRuns: 1000 };

  it('the hand-written fast path accepts every valid event, and never an event zod rejects', () => {
    const agrees = (json: unknown) => {
      if (typeof json !== 'object' || json === null || Array.isArray(json)) return;
      const type = (json as { type?: unknown }).type;
      if (typeof type !== 'string' || !(INPUT_TYPES as readonly string[]).includes(type)) return;
      const fast = certainlyValidEvent(type as InputEvent['type'], json as Record<string, unknown>);
      const zod = InputEvent.safeParse(json);
      if (fast !== null) {
        expect(zod.success).toBe(true);
        expect(fast).toEqual(zod.data);
      }
      return fast !== null;
    };
    fc.assert(
      fc.property(validEvent, (event) => {
        expect(agrees(JSON.parse(JSON.stringify(event)))).toBe(true);
      }),
      runs,
    );
    fc.assert(
      fc.property(validEvent, mutation, (event, m) => {
        if (m.op === 'byte' || m.op === 'insert' || m.op === 'truncate') return;
        let json: unknown;
        try {
          json = JSON.parse(mutate(event, m).toString('utf8'));
        } catch {
          return;
        }
        agrees(json);
      }),
      { numRuns: 5000 },
    );
    // Values at the edges of each rule, set in place of any field.
    const edge = fc.constantFrom<unknown>(
      '',
      'x'.repeat(64),
      'x'.repeat(65),
      'x'.repeat(128),
      'x'.repeat(129),
      'a\u0000b',
      'a\u007fb',
      'a\u009fb',
      'a\u00a0b',
      '\ud800',
      'a b',
      'azure.key-vault',
      '-azure',
      '2026-13',
      '2026-00',
      '2026-05',
      '2026-02-30T00:00:00Z',
      '2026-02-28T24:00:00Z',
      '2026-06-01T00:00:00+14:00',
      '2026-06-01T00:00:00.1234567891Z',
      '2026-06-01T00:00:00',
      0,
      -0,
      -1,
      0.5,
      1.005,
      12.34,
      1e10,
      1e10 + 1,
      1e12,
      1e12 + 0.01,
      -1e12,
      2 ** 53,
      null,
      true,
      [],
      {},
    );
    fc.assert(
      fc.property(validEvent, fc.nat(), fc.boolean(), edge, (event, path, inData, value) => {
        const json = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
        const target =
          inData && typeof json.data === 'object' && json.data !== null
            ? (json.data as Record<string, unknown>)
            : json;
        const keys = Object.keys(target).filter((k) => k !== 'type');
        target[keys[path % keys.length] as string] = value;
        agrees(json);
      }),
      { numRuns: 5000 },
    );
  });
});
