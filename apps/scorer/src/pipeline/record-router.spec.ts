import type { ConsumedRecord } from '@app/kafka';
import { deadLetterCounts, type DeadLetter, routeRecord } from './record-router.js';

function record(offset: number, value: string, key = 'contoso'): ConsumedRecord {
  return {
    topic: 'capscore.revenue.v1',
    partition: 3,
    offset: String(offset),
    key: Buffer.from(key),
    value: Buffer.from(value),
    timestamp: '0',
  };
}

function deadLetterOf(r: ConsumedRecord): DeadLetter {
  const routed = routeRecord('revenue', r, 'capscore.dlq.v1', 0);
  if (!('deadLetter' in routed)) throw new Error(`record ${r.offset} was accepted`);
  return routed.deadLetter;
}

describe(deadLetterCounts.name, () => {
  it('counts a unit of dead letters by code, for one log line', () => {
    const letters = [
      record(1, '{not json'),
      record(2, '[1'),
      record(3, '{"eventId":"e","type":"nope"}'),
      record(4, 'also not json'),
    ].map(deadLetterOf);
    const counts = deadLetterCounts(letters);
    expect(counts.deadLetters).toBe(4);
    expect(counts.byCode['invalid-json']).toBe(3);
    expect(Object.values(counts.byCode).reduce((a, b) => a + (b ?? 0), 0)).toBe(4);
  });

  it('is empty for a unit without dead letters', () => {
    expect(deadLetterCounts([])).toEqual({ deadLetters: 0, byCode: {} });
  });
});
