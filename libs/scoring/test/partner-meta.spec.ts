import { decodePartnerMeta, encodePartnerMeta, snapshotDigest, type PartnerMeta } from '../src/index.js';

const meta: PartnerMeta = {
  lifecycle: {
    lastEvaluatedAt: Date.parse('2026-06-01T00:00:00Z'),
    designations: {
      'data-ai-azure': {
        held: true,
        grantedAt: Date.parse('2025-07-01T00:00:00Z'),
        anniversary: Date.parse('2026-07-01T00:00:00Z'),
        renewals: 0,
        lastQualifiedAt: Date.parse('2026-06-01T00:00:00Z'),
        atRisk: false,
      },
      security: {
        held: false,
        grantedAt: null,
        anniversary: null,
        renewals: 0,
        lastQualifiedAt: null,
        atRisk: true,
      },
    },
  },
  snapshots: {
    'data-ai-azure': snapshotDigest('1|80|true|true|20,20,20,20'),
    'modern-work': snapshotDigest('1|10|false|false|10,0,0'),
  },
  next: { at: Date.parse('2026-07-01T00:00:00Z'), kind: 'month-start' },
};

describe('stored partner meta', () => {
  it('round-trips, designations with a snapshot and no lifecycle included', () => {
    const decoded = decodePartnerMeta(encodePartnerMeta(meta));
    expect(decoded.lifecycle).toEqual(meta.lifecycle);
    expect(decoded.snapshots).toEqual(meta.snapshots);
    expect(decoded.next).toEqual(meta.next);
  });

  it('keeps an id such as __proto__ as an entry', () => {
    const odd: PartnerMeta = {
      lifecycle: {
        lastEvaluatedAt: null,
        designations: JSON.parse(
          '{"__proto__":{"held":true,"grantedAt":1,"anniversary":2,"renewals":1,"lastQualifiedAt":1,"atRisk":false}}',
        ) as PartnerMeta['lifecycle']['designations'],
      },
      snapshots: {},
      next: null,
    };
    const decoded = decodePartnerMeta(encodePartnerMeta(odd));
    expect(Object.hasOwn(decoded.lifecycle.designations, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(decoded.lifecycle.designations)).toBe(Object.prototype);
  });

  it('reads the object form of earlier releases, turning snapshot contents into their digests', () => {
    const legacy = JSON.stringify({
      lifecycle: meta.lifecycle,
      snapshots: { 'data-ai-azure': '1|80|true|true|20,20,20,20' },
      next: meta.next,
    });
    const decoded = decodePartnerMeta(legacy);
    expect(decoded.lifecycle).toEqual(meta.lifecycle);
    expect(decoded.snapshots).toEqual({ 'data-ai-azure': meta.snapshots['data-ai-azure'] });
    expect(decoded.next).toEqual(meta.next);
  });

  it('refuses a format it does not know, naming it', () => {
    expect(() => decodePartnerMeta('[9,null,null,{}]')).toThrow('format 9');
  });

  it('is about a third of the object form for six designations', () => {
    const ids = [
      'data-ai-azure',
      'infrastructure-azure',
      'digital-app-innovation-azure',
      'modern-work',
      'security',
      'business-applications',
    ];
    const six: PartnerMeta = {
      lifecycle: { lastEvaluatedAt: 1780531200000, designations: {} },
      snapshots: {},
      next: { at: 1782864000000, kind: 'month-start' },
    };
    for (const id of ids) {
      six.lifecycle.designations[id] = {
        held: false,
        grantedAt: null,
        anniversary: null,
        renewals: 0,
        lastQualifiedAt: 1780531200000,
        atRisk: false,
      };
      six.snapshots[id] = snapshotDigest(`1|45|false|false|10,5,0,20,10,0|${id}`);
    }
    const objectForm = JSON.stringify({
      ...six,
      snapshots: Object.fromEntries(ids.map((id) => [id, '1|45|false|false|10,5,0,20,10,0'])),
    });
    expect(encodePartnerMeta(six).length).toBeLessThan(objectForm.length / 2);
  });
});
