import { z } from 'zod';
import { externalId, isoInstant, partnerId } from './primitives.js';

export const DESIGNATION_EVENT_TYPES = [
  'designation.granted',
  'designation.renewed',
  'designation.at-risk',
  'designation.lost',
] as const;
export type DesignationEventType = (typeof DESIGNATION_EVENT_TYPES)[number];

// Spelled as in the program definition (scoring-model.md §1).
export const METRIC_CATEGORIES = ['performance', 'skilling', 'customerSuccess'] as const;
export const CAUSE_KINDS = [
  'event',
  'month-start',
  'expiry',
  'anniversary',
  'timer',
  'program-version',
] as const;

export const MetricSnapshot = z.object({
  id: z.string(),
  category: z.enum(METRIC_CATEGORIES),
  points: z.number(),
  maxPoints: z.number(),
  value: z.number(),
});

/** Topic capscore.designations.v1 (contracts.md §2). */
export const DesignationEvent = z.object({
  eventId: z.string().min(1),
  type: z.enum(DESIGNATION_EVENT_TYPES),
  partnerId,
  designationId: z.string(),
  occurredAt: isoInstant,
  programId: z.string(),
  programVersion: z.string(),
  data: z.object({
    score: z.number(),
    threshold: z.number(),
    track: z.string(),
    qualified: z.boolean(),
    anniversary: isoInstant.nullable(),
    metrics: z.array(MetricSnapshot),
    cause: z.object({ kind: z.enum(CAUSE_KINDS), eventId: externalId.optional() }),
  }),
});
export type DesignationEvent = z.infer<typeof DesignationEvent>;

/** Topic capscore.scores.v1 (compacted, key `partnerId/designationId`): the latest score. */
export const ScoreSnapshot = z.object({
  partnerId,
  designationId: z.string(),
  evaluatedAt: isoInstant,
  programId: z.string(),
  programVersion: z.string(),
  track: z.string(),
  score: z.number(),
  qualified: z.boolean(),
  held: z.boolean(),
  metrics: z.array(MetricSnapshot),
});
export type ScoreSnapshot = z.infer<typeof ScoreSnapshot>;

/** The codes of records that fail validation (decodeInputRecord). */
export const VALIDATION_DLQ_CODES = [
  'invalid-encoding',
  'invalid-json',
  'too-large',
  'unknown-type',
  'invalid-schema',
  'wrong-topic',
  'key-mismatch',
] as const;
export type ValidationDlqCode = (typeof VALIDATION_DLQ_CODES)[number];

export const DLQ_CODES = [
  ...VALIDATION_DLQ_CODES,
  // A valid record whose partner's evaluation threw (a bug, a program edge case): parked here so
  // its partition moves on; `capscore dlq redrive` re-sends it after the fix.
  'processing-error',
] as const;
export type DlqCode = (typeof DLQ_CODES)[number];

export const ValidationIssue = z.object({ path: z.string(), message: z.string() });
export type ValidationIssue = z.infer<typeof ValidationIssue>;

/** Topic capscore.dlq.v1 (contracts.md §3). */
export const DlqRecord = z.object({
  code: z.enum(DLQ_CODES),
  message: z.string(),
  issues: z.array(ValidationIssue),
  original: z.object({
    topic: z.string(),
    partition: z.number().int(),
    offset: z.string(),
    key: z.string().nullable(),
    /** Set when the key was over 64 KiB: `key` then holds its first 64 KiB, `keyBytes` its size. */
    keyTruncated: z.literal(true).optional(),
    keyBytes: z.number().int().optional(),
    value: z.string().nullable(),
    valueEncoding: z.enum(['utf8', 'base64']),
    /**
     * Set when the value was over 64 KiB (code too-large): `value` then holds its first 64 KiB and
     * `valueBytes` its size, so the dead letter itself stays under the broker's message limit.
     */
    truncated: z.literal(true).optional(),
    valueBytes: z.number().int().optional(),
    timestamp: z.string().optional(),
  }),
  rejectedAt: isoInstant,
});
export type DlqRecord = z.infer<typeof DlqRecord>;
