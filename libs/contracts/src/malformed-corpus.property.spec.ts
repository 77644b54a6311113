import { simulate } from '@app/simulation';
import { malformedRecords, nearBrokerLimitRecords } from '../../../test/support/faults/malformed-records.js';
import { decodeInputRecord } from './decode.js';
import { VALIDATION_DLQ_CODES } from './output-events.js';

/**
 * The generator of the pipeline fuzz test (test/integration/fuzz-pipeline: 20,000 records end to
 * end through Kafka and Redis in CI, 100,000 with `npm run fuzz`), run through the decoder alone:
 * 15,000 records with one defect each plus the 4 at the broker's limit, every one rejected with
 * the code its defect calls for, never an exception.
 */
describe('decodeInputRecord on the generated malformed corpus', () => {
  const sim = simulate({ seed: 77, partners: 40, lastMonth: '2026-05', months: 13, invalidRate: 0 });
  const base = sim.records.flatMap((r) => (r.event ? [r.event] : []));
  const corpus = [...malformedRecords(base, 15_000, 7001), ...nearBrokerLimitRecords(base, 7002)];

  it('covers every defect the issue lists, each many times', () => {
    const kinds = new Map<string, number>();
    for (const r of corpus) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
    for (const kind of [
      'truncated-json',
      'non-finite-literal',
      'json-syntax',
      'invalid-utf8',
      'binary',
      'oversized-record',
      'unknown-type',
      'not-an-object',
      'wrong-topic',
      'missing-field',
      'missing-data-field',
      'extra-field',
      'prototype-key',
      'wrong-type',
      'impossible-date',
      'non-finite',
      'huge-number',
      'oversized-string',
      'bad-characters',
      'key-mismatch',
    ]) {
      expect({ kind, enough: (kinds.get(kind) ?? 0) >= 15 }).toEqual({ kind, enough: true });
    }
    expect(new Set(corpus.map((r) => r.code))).toEqual(new Set(VALIDATION_DLQ_CODES));
  });

  it('rejects every record with the code of its defect, a message and (for schema errors) the issues', () => {
    const wrong: string[] = [];
    for (const [i, r] of corpus.entries()) {
      const key = r.key === null ? null : Buffer.from(r.key);
      const value = r.value === null ? null : Buffer.from(r.value);
      const result = decodeInputRecord(r.role, key, value);
      if (result.ok) {
        wrong.push(`#${i} ${r.kind}: accepted`);
        continue;
      }
      if (result.code !== r.code) {
        wrong.push(`#${i} ${r.kind}: ${result.code} instead of ${r.code} (${result.message.slice(0, 120)})`);
      }
      if (result.message.length < 5) wrong.push(`#${i} ${r.kind}: no message`);
      if (result.code === 'invalid-schema' && result.issues.length === 0) {
        wrong.push(`#${i} ${r.kind}: no issues`);
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('isAdmin');
  });
});
