import fc from 'fast-check';
import {
  decodeInputRecord,
  type Decoded,
  InputEvent,
  type InputTopicRole,
  topicRoleOfType,
  VALIDATION_DLQ_CODES,
} from '@app/contracts';

/**
 * Generators of the input contract's property tests (libs/contracts/src/*.property.spec.ts,
 * contracts.md §1, §3), written from the contract's prose (field types, lengths, character sets,
 * date forms), not from the zod schemas, so they can disagree with the implementation; and the
 * mutations that break a valid event.
 */

const FIRST = Date.UTC(1970, 0, 1);
// The last instant whose local date at +14:00 still has a four-digit year.
const LAST = Date.UTC(9999, 11, 30, 0, 0, 0);
export const bytes = (text: string) => Buffer.from(text, 'utf8');

/** 1..128 characters, no control characters (contracts.md: ids are opaque upstream strings). */
const externalId = fc.oneof(
  fc.string({ minLength: 1, maxLength: 64, unit: 'binary' }).map((s) => s.replace(/\p{Cc}/gu, '_')),
  fc.stringMatching(/^[a-z0-9-]{1,128}$/),
  fc.integer({ min: 1, max: 128 }).map((n) => 'i'.repeat(n)),
  fc.constantFrom('é', '漢字', '🙂', 'a b', '"quoted"', '\\', '__proto__', 'constructor', 'toString'),
);
export const partnerId = fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/);
const workload = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/);
const month = fc
  .record({ y: fc.integer({ min: 0, max: 9999 }), m: fc.integer({ min: 1, max: 12 }) })
  .map(({ y, m }) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`);
/** "at most 2 decimals, may be negative": whole cents up to a trillion dollars. */
const amountUsd = fc.oneof(
  fc.integer({ min: -100_000_000, max: 100_000_000 }).map((cents) => cents / 100),
  // Whole cents at any magnitude up to the bound (cents / 100 is the double "x.yz" parses to).
  fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }).map((cents) => Number(cents) / 100),
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc.constantFrom(
    0,
    -0.01,
    0.01,
    0.1,
    1e12,
    -1e12,
    999_999_999.99,
    12_345.67,
    999_999_999_999.99,
    157_180_872_418.36,
  ),
);
const count = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(0, 1e10));

/** An ISO-8601 instant with an explicit offset (Z or ±HH:MM) and 0..9 fraction digits. */
function formatInstant(ms: number, offsetMinutes: number, fractionDigits: number): string {
  const local = new Date(ms + offsetMinutes * 60_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const fraction =
    fractionDigits === 0 ? '' : `.${`${pad(local.getUTCMilliseconds(), 3)}000000`.slice(0, fractionDigits)}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = offsetMinutes === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${zone}`;
}
const offset = fc.oneof(
  fc.constant(0),
  fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15),
);
const instantAt = (ms: fc.Arbitrary<number>) =>
  fc.tuple(ms, offset, fc.integer({ min: 0, max: 9 })).map(([t, o, f]) => formatInstant(t, o, f));
const instant = instantAt(fc.integer({ min: FIRST, max: LAST }));

const envelope = <T extends string, D>(type: T, data: fc.Arbitrary<D>) =>
  fc.record({ eventId: externalId, type: fc.constant(type), partnerId, occurredAt: instant, data });

const earnedData = fc
  .tuple(
    externalId,
    externalId,
    fc.option(fc.integer({ min: FIRST, max: LAST - 400 * 86_400_000 })),
    fc.option(fc.integer({ min: 2000, max: 400 * 86_400_000 })),
    offset,
    offset,
  )
  .map(([individualId, certificationId, earned, validFor, o1, o2]) => {
    const data: Record<string, string> = { individualId, certificationId };
    // Whole seconds apart at least, so truncating fractions never reorders the two instants.
    if (earned !== null) data.earnedAt = formatInstant(earned, o1, 3);
    if (validFor !== null) data.expiresAt = formatInstant((earned ?? FIRST) + validFor, o2, 3);
    return data;
  });

export const validEvent: fc.Arbitrary<InputEvent> = fc.oneof(
  envelope('certification.earned', earnedData),
  envelope('certification.revoked', fc.record({ individualId: externalId, certificationId: externalId })),
  envelope('individual.unlinked', fc.record({ individualId: externalId })),
  envelope('individual.linked', fc.record({ individualId: externalId })),
  envelope('revenue.recorded', fc.record({ customerId: externalId, workload, month, amountUsd })),
  envelope('revenue.reversed', fc.record({ reversesEventId: externalId })),
  envelope(
    'usage.reported',
    fc.record({ customerId: externalId, workload, month, activeUsers: count, paidLicenses: count }),
  ),
) as fc.Arbitrary<InputEvent>;

export function decodeEvent(event: InputEvent, text = JSON.stringify(event)): Decoded {
  return decodeInputRecord(topicRoleOfType(event.type), bytes(event.partnerId), bytes(text));
}

/** What every answer of the decoder looks like, valid or not. */
export function wellFormed(result: Decoded, role: InputTopicRole, key: Uint8Array | null): boolean {
  if (result.ok) {
    // Accepted means: valid by the contract, on its topic, under its partner's key.
    return (
      InputEvent.safeParse(result.event).success &&
      topicRoleOfType(result.event.type) === role &&
      key !== null &&
      Buffer.from(key).toString('utf8') === result.event.partnerId
    );
  }
  return (
    (VALIDATION_DLQ_CODES as readonly string[]).includes(result.code) &&
    typeof result.message === 'string' &&
    result.message.length > 0 &&
    result.issues.every((i) => typeof i.path === 'string' && typeof i.message === 'string')
  );
}

export type Mutation =
  | { op: 'delete'; path: number; inData: boolean }
  | { op: 'set'; path: number; inData: boolean; value: unknown }
  | { op: 'add'; name: string; inData: boolean; value: unknown }
  | { op: 'truncate'; at: number }
  | { op: 'byte'; at: number; value: number }
  | { op: 'insert'; at: number; value: Uint8Array };

const keyName = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'type', 'data', 'eventId'),
);
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), path: fc.nat(), inData: fc.boolean() }),
  fc.record({
    op: fc.constant('set' as const),
    path: fc.nat(),
    inData: fc.boolean(),
    value: fc.jsonValue({ maxDepth: 3 }),
  }),
  fc.record({
    op: fc.constant('add' as const),
    name: keyName,
    inData: fc.boolean(),
    value: fc.jsonValue({ maxDepth: 3 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('byte' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    value: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
);

/** Applies one mutation to the JSON text (as raw JSON, so `__proto__` stays an own key). */
export function mutate(event: InputEvent, m: Mutation): Buffer {
  const text = JSON.stringify(event);
  const root = JSON.parse(text) as Record<string, unknown>;
  const target = (inData: boolean) =>
    inData && typeof root.data === 'object' && root.data !== null
      ? (root.data as Record<string, unknown>)
      : root;
  switch (m.op) {
    case 'delete': {
      const t = target(m.inData);
      const keys = Object.keys(t);
      delete t[keys[m.path % keys.length] as string];
      return bytes(JSON.stringify(root));
    }
    case 'set': {
      const t = target(m.inData);
      const keys = Object.keys(t);
      t[keys[m.path % keys.length] as string] = m.value;
      return bytes(JSON.stringify(root));
    }
    case 'add': {
      const member = `${JSON.stringify(m.name)}:${JSON.stringify(m.value)}`;
      if (m.inData) {
        const at = text.indexOf('"data":{') + '"data":{'.length;
        return bytes(`${text.slice(0, at)}${member},${text.slice(at)}`);
      }
      return bytes(`{${member},${text.slice(1)}`);
    }
    case 'truncate':
      return bytes(text).subarray(0, m.at % Buffer.byteLength(text));
    case 'byte': {
      const b = bytes(text);
      b[m.at % b.length] = m.value;
      return b;
    }
    case 'insert': {
      const b = bytes(text);
      const at = m.at % (b.length + 1);
      return Buffer.concat([b.subarray(0, at), m.value, b.subarray(at)]);
    }
  }
}

/** Applies a byte-level mutation to bytes that may no longer be JSON (the others leave them as they are). */
export function mutateBytes(value: Buffer, m: Mutation): Buffer {
  switch (m.op) {
    case 'truncate':
      return value.subarray(0, value.length === 0 ? 0 : m.at % value.length);
    case 'byte': {
      if (value.length === 0) return value;
      const b = Buffer.from(value);
      b[m.at % b.length] = m.value;
      return b;
    }
    case 'insert': {
      const at = m.at % (value.length + 1);
      return Buffer.concat([value.subarray(0, at), m.value, value.subarray(at)]);
    }
    case 'delete':
    case 'set':
    case 'add':
      return value;
  }
}
