import fc from 'fast-check';
import {
  bytes,
  decodeEvent,
  mutate,
  mutateBytes,
  mutation,
  partnerId,
  validEvent,
  wellFormed,
} from '../../../test/support/contract-arbitraries.js';
import { decodeInputRecord } from './decode.js';
import { type InputEvent, MAX_VALUE_BYTES, topicRoleOfType } from './input-events.js';
import { INPUT_TOPIC_ROLES } from './topics.js';

/**
 * Property tests of the decoder against the input contract (contracts.md §1, §3): valid events
 * decode to themselves, on their topic and under their key only; mutated, arbitrary and oversized
 * records are answered with a DLQ code, never an exception. The generators
 * (test/support/contract-arbitraries.ts) are written from the contract's prose, not from the zod
 * schemas, so they can disagree with the implementation.
 */

describe('input contract properties (fast-check)', () => {
  const runs = { numRuns: 1000 };

  it('decodes every valid event on its topic under its partner key to the same event', () => {
    fc.assert(
      fc.property(validEvent, (event) => {
        const result = decodeEvent(event);
        expect(result).toEqual({ ok: true, event });
      }),
      runs,
    );
  });

  it('round-trips: the decoded event, re-encoded (any key order, any whitespace), decodes to itself', () => {
    fc.assert(
      fc.property(validEvent, fc.boolean(), (event, pretty) => {
        const first = decodeEvent(event);
        if (!first.ok) throw new Error(`valid event rejected: ${first.message}`);
        const reordered = Object.fromEntries(Object.entries(first.event).reverse());
        const second = decodeEvent(event, JSON.stringify(reordered, null, pretty ? 2 : 0));
        expect(second).toEqual(first);
        expect(JSON.parse(JSON.stringify(first.event))).toEqual(first.event);
      }),
      runs,
    );
  });

  it('rejects a valid event on another input topic as wrong-topic, under another key as key-mismatch', () => {
    fc.assert(
      fc.property(
        validEvent,
        fc.constantFrom(...INPUT_TOPIC_ROLES),
        fc.option(fc.string({ maxLength: 70 })),
        (event, role, key) => {
          const value = bytes(JSON.stringify(event));
          if (role !== topicRoleOfType(event.type)) {
            expect(decodeInputRecord(role, bytes(event.partnerId), value)).toMatchObject({
              ok: false,
              code: 'wrong-topic',
            });
          }
          if (key !== event.partnerId) {
            const result = decodeInputRecord(
              topicRoleOfType(event.type),
              key === null ? null : bytes(key),
              value,
            );
            expect(result).toMatchObject({ ok: false, code: 'key-mismatch' });
          }
        },
      ),
      runs,
    );
  });

  it('never throws on a mutated valid event, and answers either a valid event or a DLQ code with a message', () => {
    fc.assert(
      fc.property(validEvent, fc.array(mutation, { minLength: 1, maxLength: 3 }), (event, mutations) => {
        let value: Buffer = bytes(JSON.stringify(event));
        for (const m of mutations) {
          // A later mutation works on whatever the earlier ones left, as JSON when it still is.
          let current: InputEvent = event;
          try {
            current = JSON.parse(value.toString('utf8')) as InputEvent;
          } catch {
            /* not JSON any more: byte-level mutations still apply */
          }
          value =
            m.op === 'byte' ||
            m.op === 'insert' ||
            m.op === 'truncate' ||
            typeof current !== 'object' ||
            current === null
              ? mutateBytes(value, m)
              : mutate(current, m);
        }
        const role = topicRoleOfType(event.type);
        const key = bytes(event.partnerId);
        const result = decodeInputRecord(role, key, value);
        expect(wellFormed(result, role, key)).toBe(true);
        expect(decodeInputRecord(role, key, value)).toEqual(result);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on arbitrary bytes, arbitrary JSON or arbitrary keys', () => {
    const value = fc.oneof(
      fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
      fc.jsonValue().map((j) => bytes(JSON.stringify(j) ?? 'null')),
      fc.string({ unit: 'binary', maxLength: 200 }).map(bytes),
      fc.constant(null),
    );
    const key = fc.option(
      fc.oneof(
        fc.uint8Array({ maxLength: 70 }).map((b) => Buffer.from(b)),
        partnerId.map(bytes),
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...INPUT_TOPIC_ROLES), key, value, (role, k, v) => {
        expect(wellFormed(decodeInputRecord(role, k, v), role, k)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects anything over 64 KiB as too-large, whatever it contains', () => {
    fc.assert(
      fc.property(validEvent, fc.integer({ min: 1, max: 8192 }), (event, extra) => {
        const text = JSON.stringify(event);
        const padded = `{${' '.repeat(MAX_VALUE_BYTES - Buffer.byteLength(text) + extra)}${text.slice(1)}`;
        expect(decodeEvent(event, padded)).toMatchObject({ ok: false, code: 'too-large' });
        const exact = `{${' '.repeat(MAX_VALUE_BYTES - Buffer.byteLength(text))}${text.slice(1)}`;
        expect(decodeEvent(event, exact)).toEqual({ ok: true, event });
      }),
      { numRuns: 200 },
    );
  });
});
