import {
  INPUT_TOPIC_ROLES,
  MAX_VALUE_BYTES,
  topicRoleOfType,
  type DlqCode,
  type InputEvent,
  type InputTopicRole,
} from '@app/contracts';
import { Random } from '@app/simulation';

/**
 * Generated malformed input records for the fuzz tests. Each record is built from a valid event
 * and carries ONE defect, so its DLQ code follows from contracts.md alone (never from running the
 * decoder): the expected code is written down here, next to the defect. Records with several
 * defects (random binary, a non-UTF-8 byte inside JSON) are labelled by the validation order the
 * README documents: size, UTF-8, JSON, type, topic, schema, key.
 */
export interface MalformedRecord {
  role: InputTopicRole;
  key: string | Buffer | null;
  value: string | Buffer | null;
  code: DlqCode;
  /** The defect, e.g. `impossible-date`; used for the category counts and failure messages. */
  kind: string;
  /** Key to choose the partition by when it is not `key` (see RawRecord.partitionBy). */
  partitionBy?: string;
}

type Json = Record<string, unknown>;
type Mutation = (e: InputEvent, rng: Random) => Omit<MalformedRecord, 'role'> & { role?: InputTopicRole };

const clone = (e: InputEvent): Json => JSON.parse(JSON.stringify(e)) as Json;
const dataOf = (o: Json): Json => o.data as Json;

/**
 * JSON text of `o` in which the values set to `raw(...)` are replaced by raw JSON text: NaN and
 * Infinity tokens, numbers JavaScript cannot hold, or keys JavaScript would treat specially.
 */
const RAW = '\u0002raw\u0002';
function raw(text: string): string {
  return `${RAW}${text}${RAW}`;
}
function toText(o: unknown): string {
  return JSON.stringify(o).replace(
    /"\\u0002raw\\u0002(.*?)\\u0002raw\\u0002"/g,
    (_m, inner: string) => JSON.parse(`"${inner}"`) as string,
  );
}

/** Inserts `"name":value` (raw JSON) as the first member of the root object or of `data`. */
function insertMember(text: string, where: 'root' | 'data', member: string): string {
  if (where === 'root') return `{${member},${text.slice(1)}`;
  const at = text.indexOf('"data":{') + '"data":{'.length;
  return `${text.slice(0, at)}${member},${text.slice(at)}`;
}

const REQUIRED_DATA: Record<InputEvent['type'], string[]> = {
  'certification.earned': ['individualId', 'certificationId'],
  'certification.revoked': ['individualId', 'certificationId'],
  'individual.unlinked': ['individualId'],
  'individual.linked': ['individualId'],
  'revenue.recorded': ['customerId', 'workload', 'month', 'amountUsd'],
  'revenue.reversed': ['reversesEventId'],
  'usage.reported': ['customerId', 'workload', 'month', 'activeUsers', 'paidLicenses'],
};

const IMPOSSIBLE_INSTANTS = [
  '2026-02-30T10:00:00Z',
  '2025-02-29T00:00:00Z',
  '2026-04-31T12:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-00-10T00:00:00Z',
  '2026-06-00T00:00:00Z',
  '2026-06-15T24:00:00Z',
  '2026-06-15T23:60:00Z',
  '2026-06-15T23:59:60Z',
  '2026-06-15T10:00:00+25:00',
  '2026-06-15',
  '2026-06-15T10:00:00',
  '2026-06-15 10:00:00Z',
  '15/06/2026',
  'yesterday',
  'NaN',
  'Infinity',
  '',
  '+275760-09-13T00:00:00Z',
  '0000-00-00T00:00:00Z',
];

const WRONG_TYPES: Record<string, unknown[]> = {
  eventId: [42, true, null, [], {}, ''],
  partnerId: [7, null, '', ['p-1']],
  occurredAt: [1_718_000_000_000, null, true, {}],
  data: [[], 'data', null, 5],
  individualId: [5, '', null, ['i-1']],
  certificationId: [false, '', {}],
  customerId: [17, ''],
  workload: ['', '.azure', 'azure key vault', 5, '-x'],
  month: [202605, '2026-5', '2026-13', '2026-00', '26-05', '2026-05-01', ''],
  amountUsd: ['12.50', null, true, [12.5], {}],
  activeUsers: ['3', 1.5, -1, null],
  paidLicenses: ['10', 2.25, -5, false],
  reversesEventId: [null, 42, ''],
  earnedAt: [1_718_000_000_000, null],
  expiresAt: [false, 0],
};

const ROOT_FIELDS = ['eventId', 'partnerId', 'occurredAt', 'data'];
const EXTRA_KEYS = [
  'extra',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'isAdmin',
  'eventID',
  'Type',
  '',
];
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

function numericField(e: InputEvent): string | null {
  if (e.type === 'revenue.recorded') return 'amountUsd';
  if (e.type === 'usage.reported') return 'activeUsers';
  return null;
}

const MUTATIONS: [weight: number, Mutation][] = [
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
  // ---- invalid-schema: one defect each
  [
    3,
    (e, rng) => {
      const o = clone(e);
      delete o[rng.pick(['eventId', 'partnerId', 'occurredAt', 'data'])];
      return { key: e.partnerId, value: JSON.stringify(o), code: 'invalid-schema', kind: 'missing-field' };
    },
  ],
  [
    3,
    (e, rng) => {
      const o = clone(e);
      delete dataOf(o)[rng.pick(REQUIRED_DATA[e.type])];
      return {
        key: e.partnerId,
        value: JSON.stringify(o),
        code: 'invalid-schema',
        kind: 'missing-data-field',
      };
    },
  ],
  [
    3,
    (e, rng) => {
      const name = rng.pick(EXTRA_KEYS);
      const value = rng.pick(['true', '1', '"x"', 'null', '{"a":1}', '[1,2]']);
      const where = rng.pick(['root', 'data'] as const);
      return {
        key: e.partnerId,
        value: insertMember(JSON.stringify(e), where, `${JSON.stringify(name)}:${value}`),
        code: 'invalid-schema',
        kind: 'extra-field',
      };
    },
  ],
  [
    4,
    (e, rng) => {
      const member = rng.pick([
        '"__proto__":{"polluted":true}',
        '"__proto__":null',
        '"__proto__":{"isAdmin":true,"toString":"x"}',
        '"constructor":{"prototype":{"polluted":true}}',
        '"prototype":{"polluted":true}',
      ]);
      const where = rng.pick(['root', 'data'] as const);
      return {
        key: e.partnerId,
        value: insertMember(JSON.stringify(e), where, member),
        code: 'invalid-schema',
        kind: 'prototype-key',
      };
    },
  ],
  [
    5,
    (e, rng) => {
      const o = clone(e);
      const data = dataOf(o);
      const fields = [...ROOT_FIELDS, ...Object.keys(data).filter((k) => k in WRONG_TYPES)];
      const field = rng.pick(fields);
      const wrong = rng.pick(WRONG_TYPES[field] as unknown[]);
      if (ROOT_FIELDS.includes(field)) o[field] = wrong;
      else data[field] = wrong;
      return { key: e.partnerId, value: JSON.stringify(o), code: 'invalid-schema', kind: 'wrong-type' };
    },
  ],
  [
    4,
    (e, rng) => {
      const o = clone(e);
      const bad = rng.pick(IMPOSSIBLE_INSTANTS);
      if (e.type === 'certification.earned' && rng.chance(0.5)) {
        dataOf(o)[rng.pick(['earnedAt', 'expiresAt'])] = bad;
      } else o.occurredAt = bad;
      return { key: e.partnerId, value: JSON.stringify(o), code: 'invalid-schema', kind: 'impossible-date' };
    },
  ],
  [
    1,
    (e, rng) => {
      const o = clone(e);
      const earned = Date.parse(e.occurredAt);
      o.type = 'certification.earned';
      const expires = earned - rng.int(0, 400) * 86_400_000;
      o.data = {
        individualId: 'i-1',
        certificationId: 'azure-administrator-associate',
        earnedAt: new Date(earned).toISOString(),
        expiresAt: new Date(expires).toISOString(),
      };
      return {
        role: 'certifications',
        key: e.partnerId,
        value: JSON.stringify(o),
        code: 'invalid-schema',
        kind: 'expiry-not-after-earned',
      };
    },
  ],
  [
    3,
    (e, rng) => {
      const o = clone(e);
      const field = numericField(e);
      const token = rng.pick(['1e400', '-1e400', '"NaN"', '"Infinity"', '"-Infinity"']);
      if (field) dataOf(o)[field] = raw(token);
      else o.occurredAt = rng.pick(['NaN', 'Infinity', '-Infinity']);
      return { key: e.partnerId, value: toText(o), code: 'invalid-schema', kind: 'non-finite' };
    },
  ],
  [
    3,
    (e, rng) => {
      const o = clone(e);
      if (e.type === 'revenue.recorded') {
        dataOf(o).amountUsd = raw(
          rng.pick([
            '1000000000000.01',
            '-1e13',
            '1e308',
            '123456789012345678901234567890',
            '0.001',
            '12.345',
            '1e-7',
          ]),
        );
      } else if (e.type === 'usage.reported') {
        dataOf(o)[rng.pick(['activeUsers', 'paidLicenses'])] = raw(
          rng.pick(['10000000001', '1e20', '9007199254740993', '1e400']),
        );
      } else {
        o.eventId = 'e'.repeat(rng.int(129, 2000));
      }
      return { key: e.partnerId, value: toText(o), code: 'invalid-schema', kind: 'huge-number' };
    },
  ],
  [
    3,
    (e, rng) => {
      const o = clone(e);
      let key: string = e.partnerId;
      const which = rng.int(0, 3);
      if (which === 0) o.eventId = 'x'.repeat(rng.int(129, 8000));
      else if (which === 1) key = o.partnerId = `${e.partnerId}${'p'.repeat(65)}`.slice(0, rng.int(65, 120));
      else if (which === 2) {
        const data = dataOf(o);
        const field = rng.pick(
          Object.keys(data).filter((k) =>
            ['individualId', 'certificationId', 'customerId', 'workload', 'reversesEventId'].includes(k),
          ),
        );
        if (field) data[field] = 'w'.repeat(rng.int(129, 4000));
        else o.eventId = 'x'.repeat(129);
      } else {
        o.eventId = 'é'.repeat(rng.int(129, 500));
      }
      return { key, value: JSON.stringify(o), code: 'invalid-schema', kind: 'oversized-string' };
    },
  ],
  [
    3,
    (e, rng) => {
      const o = clone(e);
      let key: string = e.partnerId;
      if (rng.chance(0.5)) {
        o.eventId = `${e.eventId}${rng.pick(['\u0000', '\n', '\u007f', '\u0085', '\u001b[31m'])}`;
      } else {
        key = o.partnerId = `${e.partnerId}${rng.pick([' ', '/', 'é', '\u0000', '*', '{x}', '\u202e'])}`;
      }
      return { key, value: JSON.stringify(o), code: 'invalid-schema', kind: 'bad-characters' };
    },
  ],
  // ---- key-mismatch: a valid event under another key
  [
    5,
    (e, rng) => {
      const variants: (string | Buffer | null)[] = [
        null,
        '',
        `${e.partnerId} `,
        `${e.partnerId}\u0000`,
        e.partnerId.slice(0, -1),
        e.partnerId.toUpperCase() === e.partnerId ? `${e.partnerId}-x` : e.partnerId.toUpperCase(),
        'partner-other',
        Buffer.concat([Buffer.from(e.partnerId), Buffer.from([0xff])]),
      ];
      return {
        key: rng.pick(variants),
        value: JSON.stringify(e),
        code: 'key-mismatch',
        kind: 'key-mismatch',
      };
    },
  ],
];

const TOTAL_WEIGHT = MUTATIONS.reduce((n, [w]) => n + w, 0);

function pickMutation(rng: Random): Mutation {
  let r = rng.next() * TOTAL_WEIGHT;
  for (const [w, m] of MUTATIONS) {
    r -= w;
    if (r < 0) return m;
  }
  return (MUTATIONS[MUTATIONS.length - 1] as [number, Mutation])[1];
}

/** `count` malformed records built from `base` (valid events), reproducibly from `seed`. */
export function malformedRecords(
  base: readonly InputEvent[],
  count: number,
  seed: number,
): MalformedRecord[] {
  if (base.length === 0) throw new Error('malformedRecords needs valid events to mutate');
  const rng = new Random(seed);
  const out: MalformedRecord[] = [];
  for (let i = 0; i < count; i++) {
    const event = rng.pick(base);
    const m = pickMutation(rng)(event, rng);
    out.push({
      role: m.role ?? topicRoleOfType(event.type),
      key: m.key,
      value: m.value,
      code: m.code,
      kind: m.kind,
    });
  }
  return out;
}

/**
 * Records just under the broker's 1 MB message limit: accepted by Kafka, over capscore's 64 KiB.
 * Binary ones are reported base64-encoded in the DLQ (a third larger than the record itself).
 * The last one is a valid event under a 900 KB key (non-ASCII, so a 64 KiB cut can fall inside
 * a character): a key mismatch whose key alone is as large as the broker allows.
 */
export function nearBrokerLimitRecords(base: readonly InputEvent[], seed: number): MalformedRecord[] {
  const rng = new Random(seed);
  const event = rng.pick(base);
  const role = topicRoleOfType(event.type);
  const text = JSON.stringify(event);
  const binary = Buffer.alloc(900_000);
  for (let i = 0; i < binary.length; i++) binary[i] = rng.int(0, 255);
  binary[0] = 0xff;
  return [
    {
      role,
      key: event.partnerId,
      value: `{${' '.repeat(950_000)}${text.slice(1)}`,
      code: 'too-large',
      kind: 'near-broker-limit',
    },
    {
      role,
      key: event.partnerId,
      value: `{${'\n'.repeat(700_000)}${text.slice(1)}`,
      code: 'too-large',
      kind: 'near-broker-limit',
    },
    { role, key: event.partnerId, value: binary, code: 'too-large', kind: 'near-broker-limit' },
    {
      role,
      key: `${event.partnerId}${'é'.repeat(450_000)}`,
      value: text,
      code: 'key-mismatch',
      kind: 'near-broker-limit-key',
      partitionBy: event.partnerId,
    },
  ];
}

/** The key or value as the DLQ reports it: UTF-8 text, or base64 when not UTF-8. */
export function dlqRepresentation(bytes: string | Buffer | null): {
  value: string | null;
  encoding: 'utf8' | 'base64';
} {
  if (bytes === null) return { value: null, encoding: 'utf8' };
  if (typeof bytes === 'string') return { value: bytes, encoding: 'utf8' };
  try {
    return { value: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    return { value: bytes.toString('base64'), encoding: 'base64' };
  }
}

/**
 * How a dead letter reports one original key or value, against the original bytes: whole (UTF-8
 * text, or base64 when not UTF-8) when it fits in 64 KiB; otherwise a prefix of its first 64 KiB
 * (less at most 3 bytes, cut at a character boundary) marked truncated, with the original size.
 * Returns what differs, or null.
 */
export function excerptMismatch(
  original: string | Buffer | null,
  reported: {
    value: string | null;
    encoding: 'utf8' | 'base64';
    truncated: true | undefined;
    bytes: number | undefined;
  },
): string | null {
  const size = original === null ? 0 : Buffer.byteLength(original);
  if (original === null || size <= MAX_VALUE_BYTES) {
    const whole = dlqRepresentation(original);
    if (reported.value !== whole.value || reported.encoding !== whole.encoding) {
      return 'differs from the original';
    }
    if (reported.truncated !== undefined || reported.bytes !== undefined) {
      return 'marked truncated although it fits';
    }
    return null;
  }
  if (reported.truncated !== true || reported.bytes !== size) {
    return `not marked truncated with its size ${size} (${reported.truncated}, ${reported.bytes})`;
  }
  const head = Buffer.from(reported.value ?? '', reported.encoding === 'base64' ? 'base64' : 'utf8');
  if (head.length > MAX_VALUE_BYTES || head.length < MAX_VALUE_BYTES - 3) {
    return `excerpt of ${head.length} bytes`;
  }
  if (!Buffer.from(original).subarray(0, head.length).equals(head)) {
    return 'excerpt is not a prefix of the original';
  }
  return null;
}

/** A dead letter's key is text or base64 without saying which (contracts.md §3): as the original bytes are. */
export function keyEncoding(key: string | Buffer | null): 'utf8' | 'base64' {
  return dlqRepresentation(key).encoding;
}
