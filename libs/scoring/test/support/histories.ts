import type { InputEvent } from '@app/contracts';
import fc from 'fast-check';
import { PARTNER } from './events.js';

// A small universe so that events collide often: same people, customers, months and instants.
const individual = fc.constantFrom('i1', 'i2', 'i3', 'i4');
const certification = fc.constantFrom('cert-a', 'cert-b', 'azure-security-engineer-associate');
const customer = fc.constantFrom('c1', 'c2', 'c3');
const workload = fc.constantFrom('azure.sql', 'azure.firewall', 'm365.intune', 'd365.business-central');
const month = fc.constantFrom('2024-05', '2024-06', '2025-05', '2025-06', '2026-04', '2026-05', '2026-06');
const instant = fc.constantFrom(
  '2024-01-01T00:00:00Z',
  '2025-05-01T00:00:00Z',
  '2026-01-01T00:00:00Z',
  '2026-05-20T00:00:00Z',
  '2026-06-25T00:00:00Z',
  '2027-01-01T00:00:00Z',
);
const count = fc.integer({ min: 0, max: 500 });
const amount = fc.integer({ min: -50000, max: 200000 }).map((cents) => cents / 100);

export type Draft = Omit<InputEvent, 'eventId' | 'partnerId'>;
export const draft: fc.Arbitrary<Draft> = fc.oneof(
  fc.record({
    type: fc.constant('certification.earned' as const),
    occurredAt: instant,
    data: fc.record(
      {
        individualId: individual,
        certificationId: certification,
        earnedAt: instant,
        expiresAt: fc.option(instant, { nil: undefined }),
      },
      { requiredKeys: ['individualId', 'certificationId', 'earnedAt'] },
    ),
  }),
  fc.record({
    type: fc.constant('certification.revoked' as const),
    occurredAt: instant,
    data: fc.record({ individualId: individual, certificationId: certification }),
  }),
  fc.record({
    type: fc.constantFrom('individual.linked' as const, 'individual.unlinked' as const),
    occurredAt: instant,
    data: fc.record({ individualId: individual }),
  }),
  fc.record({
    type: fc.constant('revenue.recorded' as const),
    occurredAt: instant,
    data: fc.record({ customerId: customer, workload, month, amountUsd: amount }),
  }),
  fc.record({
    type: fc.constant('revenue.reversed' as const),
    occurredAt: instant,
    data: fc.record({ reversesEventId: fc.integer({ min: 0, max: 40 }).map((i) => `e${i}`) }),
  }),
  fc.record({
    type: fc.constant('usage.reported' as const),
    occurredAt: instant,
    data: fc.record({ customerId: customer, workload, month, activeUsers: count, paidLicenses: count }),
  }),
);

/** Distinct events (ids e0, e1, …), a shuffled copy, and a shuffled copy with duplicates. */
export const histories = fc
  .array(draft, { maxLength: 40 })
  .map((drafts) => drafts.map((d, i) => ({ ...d, eventId: `e${i}`, partnerId: PARTNER }) as InputEvent))
  .chain((events) =>
    fc.tuple(
      fc.constant(events),
      fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
      fc.tuple(fc.subarray(events), fc.array(fc.nat())).map(([dups, keys]) =>
        [...events, ...dups]
          .map((e, i) => ({ e, k: keys[i] ?? i }))
          .sort((a, b) => a.k - b.k)
          .map(({ e }) => e),
      ),
    ),
  );
