import type { InputEvent } from '@app/contracts';
import { MCPP_PROGRAM } from '@app/scoring';
import { unknownReference } from './unknown-references.js';

const base = { eventId: 'e', partnerId: 'p', occurredAt: '2026-01-01T00:00:00Z' };

describe('unknownReference', () => {
  it('names certifications and workloads MCPP does not know, and nothing else', () => {
    const events: InputEvent[] = [
      {
        ...base,
        type: 'certification.earned',
        data: { individualId: 'i', certificationId: 'azure-administrator-associate' },
      },
      { ...base, type: 'certification.earned', data: { individualId: 'i', certificationId: 'made-up-cert' } },
      {
        ...base,
        type: 'revenue.recorded',
        data: { customerId: 'c', workload: 'azure.key-vault', month: '2026-01', amountUsd: 1 },
      },
      {
        ...base,
        type: 'usage.reported',
        data: {
          customerId: 'c',
          workload: 'gcp.bigquery',
          month: '2026-01',
          activeUsers: 1,
          paidLicenses: 1,
        },
      },
      { ...base, type: 'revenue.reversed', data: { reversesEventId: 'x' } },
    ];
    expect(events.map((e) => unknownReference(MCPP_PROGRAM, e))).toEqual([
      null,
      'certification',
      null,
      'workload',
      null,
    ]);
  });
});
