import { DlqRecord } from '@app/contracts';
import type { ConsumedRecord } from '@app/kafka';
import { FAILED_TIMER_RETRY_MS, parkFailedPartners, postponeFailedTimers } from './failed-partners.js';
import type { ProcessedPartner } from './partner-processor.js';
import type { PartnerRecords } from './partner-records.js';

const record = (key: string, offset: string, value: string): ConsumedRecord => ({
  topic: 'in.revenue',
  partition: 2,
  offset,
  key: Buffer.from(key),
  value: Buffer.from(value),
  timestamp: '1700000000000',
});
const revenue = (partnerId: string, eventId: string) =>
  JSON.stringify({
    eventId,
    type: 'revenue.recorded',
    partnerId,
    occurredAt: '2026-05-03T08:00:00Z',
    data: { customerId: 'c-1', workload: 'azure.key-vault', month: '2026-05', amountUsd: 10 },
  });
const partner = (partnerId: string, failure?: string): ProcessedPartner => ({
  partnerId,
  shard: 2,
  outbox: [],
  next: { at: 5_000, kind: 'month-start' },
  evaluatedAt: 1_000,
  ...(failure ? { failure } : {}),
});

describe('failed partners', () => {
  const byKey = new Map<string, PartnerRecords>([
    ['ok', { shard: 2, roles: ['revenue'], records: [record('ok', '7', revenue('ok', 'e-7'))] }],
    // Offset 10 is invalid JSON: it has its own dead letter (invalid-json) already.
    [
      'bad',
      {
        shard: 2,
        roles: ['revenue', 'revenue', 'revenue'],
        records: [
          record('bad', '8', revenue('bad', 'e-8')),
          record('bad', '9', revenue('bad', 'e-9')),
          record('bad', '10', '{"b":'),
        ],
      },
    ],
  ]);

  it('parks every valid record of a failed partner, and only its, as processing-error dead letters with the error and the original record', () => {
    const dlq: Parameters<typeof parkFailedPartners>[4] = [];
    const failed = parkFailedPartners(
      [partner('ok'), partner('bad', 'TypeError: boom')],
      byKey,
      'in.dlq',
      Date.parse('2026-06-01T00:00:00Z'),
      dlq,
    );
    expect(failed.map((p) => p.partnerId)).toEqual(['bad']);
    expect(dlq.map((d) => [d.code, d.message.topic, d.message.key])).toEqual([
      ['processing-error', 'in.dlq', 'bad'],
      ['processing-error', 'in.dlq', 'bad'],
    ]);
    const letters = dlq.map((d) => DlqRecord.parse(JSON.parse(String(d.message.value))));
    expect(
      letters.map((l) => [l.original.offset, l.original.value, l.original.topic, l.original.partition]),
    ).toEqual([
      ['8', revenue('bad', 'e-8'), 'in.revenue', 2],
      ['9', revenue('bad', 'e-9'), 'in.revenue', 2],
    ]);
    expect(letters[0]).toMatchObject({
      code: 'processing-error',
      message: 'evaluating partner bad failed: TypeError: boom',
      issues: [],
      rejectedAt: '2026-06-01T00:00:00.000Z',
    });
  });

  it('moves a failed timer a retry interval ahead and leaves the others as they are', () => {
    const [ok, bad] = postponeFailedTimers([partner('ok'), partner('bad', 'Error: x')], 10_000);
    expect(ok?.next).toEqual({ at: 5_000, kind: 'month-start' });
    expect(bad?.next).toEqual({ at: 10_000 + FAILED_TIMER_RETRY_MS, kind: 'month-start' });
  });
});
