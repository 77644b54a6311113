import { decodeInputRecord } from '@app/contracts';
import { simulate } from './event-stream.js';

describe('simulate', () => {
  const sim = simulate({ seed: 7, partners: 50, lastMonth: '2026-05' });

  it('is reproducible from its seed', () => {
    const again = simulate({ seed: 7, partners: 50, lastMonth: '2026-05' });
    expect(again.records.map((r) => r.value.toString())).toEqual(sim.records.map((r) => r.value.toString()));
  });

  it('marks exactly the records the contracts reject as invalid', () => {
    for (const record of sim.records) {
      const key = record.key === null ? null : Buffer.from(record.key);
      const decoded = decodeInputRecord(record.role, key, Buffer.from(record.value));
      expect({ value: record.value.toString().slice(0, 60), ok: decoded.ok }).toEqual({
        value: record.value.toString().slice(0, 60),
        ok: record.event !== null,
      });
    }
  });

  it('contains duplicates, reversals, revocations and malformed records', () => {
    const ids = sim.records.filter((r) => r.event).map((r) => r.event!.eventId);
    const duplicates = ids.length - new Set(ids).size;
    const types = new Set(sim.records.map((r) => r.event?.type));
    const invalid = sim.records.filter((r) => r.event === null).length;
    expect(duplicates / ids.length).toBeGreaterThan(0.03);
    expect(invalid / sim.records.length).toBeGreaterThan(0.005);
    expect(types).toEqual(
      new Set([
        undefined,
        'certification.earned',
        'certification.revoked',
        'individual.unlinked',
        'individual.linked',
        'revenue.recorded',
        'revenue.reversed',
        'usage.reported',
      ]),
    );
  });
});
