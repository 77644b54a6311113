import { decodeInputRecord } from './decode.js';
import { MAX_VALUE_BYTES } from './input-events.js';
import { jsonSchemaFor } from './json-schemas.js';
import { amountUsd } from './primitives.js';

const enc = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const earned = {
  eventId: 'e-1',
  type: 'certification.earned',
  partnerId: 'p-1',
  occurredAt: '2026-03-14T09:30:00Z',
  data: { individualId: 'i-1', certificationId: 'azure-administrator-associate' },
};

describe('decodeInputRecord', () => {
  it('accepts a valid event whose key is its partnerId', () => {
    const result = decodeInputRecord('certifications', enc('p-1'), enc(earned));
    expect(result).toEqual({ ok: true, event: earned });
  });

  it.each<[string, Uint8Array | null, Uint8Array | null, string]>([
    ['binary', enc('p-1'), Buffer.from([0xff, 0xfe, 0x00]), 'invalid-encoding'],
    ['not JSON', enc('p-1'), enc('{"eventId":'), 'invalid-json'],
    ['tombstone', enc('p-1'), null, 'invalid-json'],
    ['oversized', enc('p-1'), Buffer.alloc(MAX_VALUE_BYTES + 1, 0x20), 'too-large'],
    ['unknown type', enc('p-1'), enc({ ...earned, type: 'certification.lost' }), 'unknown-type'],
    [
      'revenue on the certification topic',
      enc('p-1'),
      enc({ ...earned, type: 'revenue.reversed' }),
      'wrong-topic',
    ],
    ['key mismatch', enc('p-2'), enc(earned), 'key-mismatch'],
    ['missing key', null, enc(earned), 'key-mismatch'],
  ])('dead-letters %s with code %s', (_name, key, value, code) => {
    const result = decodeInputRecord('certifications', key, value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe(code);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an impossible date', { ...earned, occurredAt: '2026-02-30T00:00:00Z' }, 'occurredAt'],
    ['a missing field', { ...earned, data: { individualId: 'i-1' } }, 'data.certificationId'],
    ['an extra field', { ...earned, extra: 1 }, '(root)'],
    [
      'a __proto__ key',
      JSON.parse('{"__proto__":{"x":1},' + JSON.stringify(earned).slice(1)) as Record<string, unknown>,
      '(root)',
    ],
    [
      'expiry before earning',
      {
        ...earned,
        data: { ...earned.data, earnedAt: '2026-03-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' },
      },
      'data.expiresAt',
    ],
    ['a bad partnerId', { ...earned, partnerId: 'p 1' }, 'partnerId'],
  ])('rejects %s naming the path', (_name, value, path) => {
    const result = decodeInputRecord('certifications', enc('p-1'), enc(value));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('invalid-schema');
      expect(result.issues.map((i) => i.path)).toContain(path);
    }
  });

  it('checks revenue amounts: finite, at most 2 decimals, bounded', () => {
    const revenue = (amountUsd: unknown) => ({
      eventId: 'r-1',
      type: 'revenue.recorded',
      partnerId: 'p-1',
      occurredAt: '2026-03-14T09:30:00Z',
      data: { customerId: 'c-1', workload: 'azure.key-vault', month: '2026-02', amountUsd },
    });
    expect(decodeInputRecord('revenue', enc('p-1'), enc(revenue(-12.5))).ok).toBe(true);
    expect(decodeInputRecord('revenue', enc('p-1'), enc(revenue(1.005))).ok).toBe(false);
    expect(decodeInputRecord('revenue', enc('p-1'), enc(revenue('12'))).ok).toBe(false);
    expect(
      decodeInputRecord(
        'revenue',
        enc('p-1'),
        enc(
          '{"eventId":"r","type":"revenue.recorded","partnerId":"p-1","occurredAt":"2026-03-14T09:30:00Z","data":{"customerId":"c","workload":"w","month":"2026-02","amountUsd":1e400}}',
        ),
      ).ok,
    ).toBe(false);
    expect(decodeInputRecord('revenue', enc('p-1'), enc(revenue(2e12))).ok).toBe(false);
  });

  it('reads "at most 2 decimals" off the amount as written, at any magnitude up to the bound', () => {
    // Large whole-cent amounts: amount * 100 is not exact in a double, so the former check on the
    // product with an absolute tolerance rejected these (and accepted 0.30000000000000004).
    for (const text of [
      '157180872418.36',
      '-315555218989.4',
      '699024898411.67',
      '999999999999.99',
      '1000000000000',
      '0.07',
      '-0.01',
      '0',
    ]) {
      expect({ text, ok: amountUsd.safeParse(JSON.parse(text)).success }).toEqual({ text, ok: true });
    }
    for (const text of [
      '12.345',
      '1.005',
      '0.001',
      '1e-7',
      '999999999999.995',
      '299999999999.991',
      '0.30000000000000004',
    ]) {
      expect({ text, ok: amountUsd.safeParse(JSON.parse(text)).success }).toEqual({ text, ok: false });
    }
  });
});

describe('jsonSchemaFor', () => {
  it('exports a JSON Schema for each topic', () => {
    const schema = jsonSchemaFor('revenue');
    expect(JSON.stringify(schema)).toContain('revenue.reversed');
    expect(JSON.stringify(jsonSchemaFor('designations'))).toContain('designation.at-risk');
  });
});
