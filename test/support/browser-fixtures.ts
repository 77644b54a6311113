import type { TestNamespace } from './infra.js';
import type { RawRecord } from '@app/kafka';

/**
 * Input records of a hand-built Modern Work partner (MCPP enterprise track; the same shape as in
 * clock-timers.int-spec.ts) that scores 100 and is granted at a clock of 2026-06-20:
 * 5 customers with 400 paid / 300 active m365.teams licences in 2026-05 … 2027-05, 4 intermediate
 * certifications (to 2029), 2 advanced ones that expire 2026-09-10 (so a later asOf projects an
 * at-risk at 2026-09-10) and a third advanced one valid from 2027-02-01.
 */
export function qualifyingPartnerRecords(ns: TestNamespace, partnerId: string): RawRecord[] {
  const records: RawRecord[] = [];
  let n = 0;
  const cert = (individualId: string, certificationId: string, earnedAt: string, expiresAt: string) =>
    records.push({
      topic: ns.topics.certifications,
      key: partnerId,
      value: JSON.stringify({
        eventId: `${partnerId}-${n++}`,
        type: 'certification.earned',
        partnerId,
        occurredAt: '2026-06-01T00:00:00Z',
        data: { individualId, certificationId, earnedAt, expiresAt },
      }),
    });
  for (let i = 0; i < 4; i++) {
    cert(`int-${i}`, 'teams-administrator-associate', '2026-01-01T00:00:00Z', '2029-01-01T00:00:00Z');
  }
  for (let i = 0; i < 2; i++) {
    cert(`adv-${i}`, 'm365-enterprise-administrator-expert', '2026-01-01T00:00:00Z', '2026-09-10T00:00:00Z');
  }
  cert('adv-late', 'm365-enterprise-administrator-expert', '2027-02-01T00:00:00Z', '2029-01-01T00:00:00Z');
  for (let c = 0; c < 5; c++) {
    for (let m = 0; m < 13; m++) {
      const month = `${2026 + Math.floor((4 + m) / 12)}-${String(((4 + m) % 12) + 1).padStart(2, '0')}`;
      records.push({
        topic: ns.topics.customerSuccess,
        key: partnerId,
        value: JSON.stringify({
          eventId: `${partnerId}-${n++}`,
          type: 'usage.reported',
          partnerId,
          occurredAt: '2026-06-02T00:00:00Z',
          data: { customerId: `c${c}`, workload: 'm365.teams', month, activeUsers: 300, paidLicenses: 400 },
        }),
      });
    }
  }
  return records;
}

/** One certification: a partner that exists but qualifies for nothing (scores with gaps to explain). */
export function beginnerPartnerRecords(ns: TestNamespace, partnerId: string): RawRecord[] {
  return [
    {
      topic: ns.topics.certifications,
      key: partnerId,
      value: JSON.stringify({
        eventId: `${partnerId}-0`,
        type: 'certification.earned',
        partnerId,
        occurredAt: '2026-03-14T09:30:00Z',
        data: { individualId: 'ada', certificationId: 'teams-administrator-associate' },
      }),
    },
  ];
}
