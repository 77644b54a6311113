import { z } from 'zod';
import { amountUsd, count, externalId, isoInstant, partnerId, workloadId, yearMonth } from './primitives.js';
import type { InputTopicRole } from './topics.js';

/** Largest accepted record value; anything bigger is dead-lettered as `too-large`. */
export const MAX_VALUE_BYTES = 64 * 1024;

function envelope<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.strictObject({
    eventId: externalId,
    type: z.literal(type),
    partnerId,
    occurredAt: isoInstant,
    data,
  });
}

export const CertificationEarned = envelope(
  'certification.earned',
  z
    .strictObject({
      individualId: externalId,
      certificationId: externalId,
      earnedAt: isoInstant.optional(),
      expiresAt: isoInstant.optional(),
    })
    .refine((d) => !d.earnedAt || !d.expiresAt || Date.parse(d.expiresAt) > Date.parse(d.earnedAt), {
      message: 'expiresAt must be after earnedAt',
      path: ['expiresAt'],
    }),
);
export const CertificationRevoked = envelope(
  'certification.revoked',
  z.strictObject({ individualId: externalId, certificationId: externalId }),
);
export const IndividualUnlinked = envelope(
  'individual.unlinked',
  z.strictObject({ individualId: externalId }),
);
export const IndividualLinked = envelope('individual.linked', z.strictObject({ individualId: externalId }));

export const RevenueRecorded = envelope(
  'revenue.recorded',
  z.strictObject({ customerId: externalId, workload: workloadId, month: yearMonth, amountUsd }),
);
export const RevenueReversed = envelope('revenue.reversed', z.strictObject({ reversesEventId: externalId }));

export const UsageReported = envelope(
  'usage.reported',
  z.strictObject({
    customerId: externalId,
    workload: workloadId,
    month: yearMonth,
    activeUsers: count,
    paidLicenses: count,
  }),
);

export const CertificationTopicEvent = z.discriminatedUnion('type', [
  CertificationEarned,
  CertificationRevoked,
  IndividualUnlinked,
  IndividualLinked,
]);
export const RevenueTopicEvent = z.discriminatedUnion('type', [RevenueRecorded, RevenueReversed]);
export const CustomerSuccessTopicEvent = z.discriminatedUnion('type', [UsageReported]);

export const InputEvent = z.discriminatedUnion('type', [
  CertificationEarned,
  CertificationRevoked,
  IndividualUnlinked,
  IndividualLinked,
  RevenueRecorded,
  RevenueReversed,
  UsageReported,
]);

export type CertificationEarned = z.infer<typeof CertificationEarned>;
export type CertificationRevoked = z.infer<typeof CertificationRevoked>;
export type IndividualUnlinked = z.infer<typeof IndividualUnlinked>;
export type IndividualLinked = z.infer<typeof IndividualLinked>;
export type RevenueRecorded = z.infer<typeof RevenueRecorded>;
export type RevenueReversed = z.infer<typeof RevenueReversed>;
export type UsageReported = z.infer<typeof UsageReported>;
export type CertificationTopicEvent = z.infer<typeof CertificationTopicEvent>;
export type RevenueTopicEvent = z.infer<typeof RevenueTopicEvent>;
export type CustomerSuccessTopicEvent = z.infer<typeof CustomerSuccessTopicEvent>;
export type InputEvent = z.infer<typeof InputEvent>;
export type InputEventType = InputEvent['type'];

/** Which input topic carries which event types (an event on the wrong topic is dead-lettered). */
export const EVENT_TYPES_BY_TOPIC: Record<InputTopicRole, readonly InputEventType[]> = {
  certifications: [
    'certification.earned',
    'certification.revoked',
    'individual.unlinked',
    'individual.linked',
  ],
  revenue: ['revenue.recorded', 'revenue.reversed'],
  customerSuccess: ['usage.reported'],
};

export const INPUT_EVENT_TYPES: readonly InputEventType[] = Object.values(EVENT_TYPES_BY_TOPIC).flat();

const ROLE_OF_TYPE = new Map<string, InputTopicRole>(
  (Object.entries(EVENT_TYPES_BY_TOPIC) as [InputTopicRole, readonly InputEventType[]][]).flatMap(
    ([role, types]) => types.map((type) => [type, role] as const),
  ),
);

export function topicRoleOfType(type: InputEventType): InputTopicRole {
  const role = ROLE_OF_TYPE.get(type);
  if (role === undefined) throw new Error(`unreachable: no topic for ${type}`);
  return role;
}
