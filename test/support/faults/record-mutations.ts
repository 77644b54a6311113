import { INPUT_TOPIC_ROLES, MAX_VALUE_BYTES, topicRoleOfType } from '@app/contracts';
import { clone, dataOf, type Mutation, numericField, raw, toText } from './malformed-mutation.js';

const INVALID_UTF8: number[][] = [
  [0xff],
  [0xfe],
  [0xc3, 0x28],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
];
const UNKNOWN_TYPES: unknown[] = [
  'certification.teleported',
  'REVENUE.RECORDED',
  'revenue_recorded',
  'revenue.*',
  'designation.granted',
  '',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  42,
  null,
  true,
  [],
  {},
  ['revenue.recorded'],
];

/**
 * Defects of the record before its schema: JSON that does not parse, bytes that are not UTF-8, a
 * record over the size limit, an unknown type, or a valid event on another input topic.
 */
export const RECORD_MUTATIONS: [weight: number, Mutation][] = [
  // ---- invalid-json
  [
    4,
    (e, rng) => {
      const text = JSON.stringify(e);
      return {
        key: e.partnerId,
        value: text.slice(0, rng.int(1, text.length - 1)),
        code: 'invalid-json',
        kind: 'truncated-json',
      };
    },
  ],
  [
    4,
    (e, rng) => {
      const token = rng.pick(['NaN', 'Infinity', '-Infinity', 'undefined']);
      const o = clone(e);
      const field = numericField(e);
      if (field) dataOf(o)[field] = raw(token);
      else o.occurredAt = raw(token);
      return { key: e.partnerId, value: toText(o), code: 'invalid-json', kind: 'non-finite-literal' };
    },
  ],
  [
    4,
    (e, rng) => {
      const text = JSON.stringify(e);
      const broken = rng.pick([
        `${text.slice(0, -1)},}`,
        text.replace('"eventId"', "'eventId'"),
        text.replace('"eventId"', 'eventId'),
        `/* upstream */${text}`,
        `${text}${text}`,
        `${text}x`,
        text.replace(/:/, '='),
        text.replace(/"$|}$/, ''),
      ]);
      return { key: e.partnerId, value: broken, code: 'invalid-json', kind: 'json-syntax' };
    },
  ],
  [
    1,
    (e, rng) => ({
      key: e.partnerId,
      value: rng.pick(['', ' ', '\n\t ']),
      code: 'invalid-json',
      kind: 'empty-value',
    }),
  ],
  [1, (e) => ({ key: e.partnerId, value: null, code: 'invalid-json', kind: 'tombstone' })],
  // ---- invalid-encoding
  [
    4,
    (e, rng) => {
      const text = JSON.stringify(e);
      const at =
        text.indexOf('"eventId":"') + '"eventId":"'.length + rng.int(0, Math.min(3, e.eventId.length));
      const bad = Buffer.from(rng.pick(INVALID_UTF8));
      return {
        key: e.partnerId,
        value: Buffer.concat([Buffer.from(text.slice(0, at)), bad, Buffer.from(text.slice(at))]),
        code: 'invalid-encoding',
        kind: 'invalid-utf8',
      };
    },
  ],
  [
    3,
    (e, rng) => {
      const bytes = Buffer.alloc(rng.int(1, 300));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0, 255);
      bytes[rng.int(0, bytes.length - 1)] = 0xff; // never valid UTF-8
      return { key: e.partnerId, value: bytes, code: 'invalid-encoding', kind: 'binary' };
    },
  ],
  // ---- too-large: a valid event padded with JSON whitespace (the size is the only defect)
  [
    0.3,
    (e, rng) => {
      const text = JSON.stringify(e);
      const target = MAX_VALUE_BYTES + rng.int(1, 16 * 1024);
      let pad = '';
      const ws = [' ', '\n', '\t', '\r'];
      while (pad.length < target - Buffer.byteLength(text)) pad += rng.pick(ws).repeat(rng.int(1, 512));
      pad = pad.slice(0, target - Buffer.byteLength(text));
      return {
        key: e.partnerId,
        value: `{${pad}${text.slice(1)}`,
        code: 'too-large',
        kind: 'oversized-record',
      };
    },
  ],
  // ---- unknown-type
  [
    4,
    (e, rng) => {
      const o = clone(e);
      const choice = rng.int(0, UNKNOWN_TYPES.length + 3);
      if (choice === UNKNOWN_TYPES.length) delete o.type;
      else if (choice === UNKNOWN_TYPES.length + 1) o.type = ` ${e.type}`;
      else if (choice === UNKNOWN_TYPES.length + 2) o.type = `${e.type}\u0000`;
      else if (choice === UNKNOWN_TYPES.length + 3) o.type = `${e.type} `;
      else o.type = UNKNOWN_TYPES[choice];
      return { key: e.partnerId, value: JSON.stringify(o), code: 'unknown-type', kind: 'unknown-type' };
    },
  ],
  [
    2,
    (e, rng) => {
      const text = JSON.stringify(e);
      const value = rng.pick(['null', '42', '-0', '1e400', 'true', '[]', `"${e.type}"`, `[${text}]`, '"{}"']);
      return { key: e.partnerId, value, code: 'unknown-type', kind: 'not-an-object' };
    },
  ],
  // ---- wrong-topic: a valid event on another input topic
  [
    3,
    (e, rng) => {
      const role = rng.pick(INPUT_TOPIC_ROLES.filter((r) => r !== topicRoleOfType(e.type)));
      return { role, key: e.partnerId, value: JSON.stringify(e), code: 'wrong-topic', kind: 'wrong-topic' };
    },
  ],
];
