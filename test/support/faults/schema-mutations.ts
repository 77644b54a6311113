import type { InputEvent } from '@app/contracts';
import {
  clone,
  dataOf,
  insertMember,
  type Mutation,
  numericField,
  raw,
  toText,
} from './malformed-mutation.js';

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

/** Defects a schema check finds (one each), and valid events under another key. */
export const SCHEMA_MUTATIONS: [weight: number, Mutation][] = [
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
