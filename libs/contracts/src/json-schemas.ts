import { z } from 'zod';
import { CertificationTopicEvent, CustomerSuccessTopicEvent, RevenueTopicEvent } from './input-events.js';
import { DesignationEvent, DlqRecord, ScoreSnapshot } from './output-events.js';
import { amountUsd, isoInstant } from './primitives.js';
import type { TopicRole } from './topics.js';

const SCHEMAS: Record<TopicRole, z.ZodType> = {
  certifications: CertificationTopicEvent,
  revenue: RevenueTopicEvent,
  customerSuccess: CustomerSuccessTopicEvent,
  designations: DesignationEvent,
  scores: ScoreSnapshot,
  dlq: DlqRecord,
};

/** JSON Schema (draft 2020-12) of each topic's message value, generated from the zod contracts. */
export function jsonSchemaFor(role: TopicRole): Record<string, unknown> {
  return z.toJSONSchema(SCHEMAS[role], {
    unrepresentable: 'any',
    io: 'input',
    // Refinements have no JSON Schema form; state them so subscribers' validators get close.
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema === isoInstant) {
        jsonSchema.format = 'date-time';
        jsonSchema.pattern = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';
        jsonSchema.description =
          'ISO-8601 instant with an explicit offset, e.g. 2026-03-14T09:30:00Z (a real calendar date)';
      } else if (zodSchema === amountUsd) {
        jsonSchema.description = 'USD, finite, at most 2 decimals, |amount| <= 1e12 (negative for credits)';
      }
    },
  });
}

/** File name (without `.schema.json`) of each topic's exported schema: the topic role in kebab-case. */
export const SCHEMA_FILE_NAMES: Record<TopicRole, string> = {
  certifications: 'certifications',
  revenue: 'revenue',
  customerSuccess: 'customer-success',
  designations: 'designations',
  scores: 'scores',
  dlq: 'dlq',
};

const SCHEMA_DESCRIPTIONS: Record<TopicRole, string> = {
  certifications:
    'Input topic capscore.certifications.v1 (key: partnerId): certification.earned, certification.revoked, individual.unlinked, individual.linked.',
  revenue: 'Input topic capscore.revenue.v1 (key: partnerId): revenue.recorded, revenue.reversed.',
  customerSuccess:
    'Input topic capscore.customer-success.v1 (key: partnerId): usage.reported. The latest report for (customer, workload, month) by occurredAt wins; ' +
    'reports at the same instant are ordered by the digest of their eventId (the first 8 bytes of SHA-256 of its UTF-8 bytes, unsigned big-endian): greater wins (rule since 2026-11-28).',
  designations:
    'Output topic capscore.designations.v1 (key: partnerId): designation.granted, designation.renewed, designation.at-risk, designation.lost. A re-publish carries the same eventId.',
  scores:
    'Output topic capscore.scores.v1 (compacted, key: partnerId/designationId): the latest score snapshot of a designation.',
  dlq: 'Output topic capscore.dlq.v1 (key: the original key): a rejected input record with its original coordinates and value, a code and the validation issues.',
};

/**
 * The published JSON Schema of a topic's message value (docs/schemas/<name>.schema.json):
 * jsonSchemaFor plus a stable `$id`, a title and a description.
 */
export function topicJsonSchema(role: TopicRole): Record<string, unknown> {
  const { $schema, ...rest } = jsonSchemaFor(role);
  return {
    $schema,
    $id: `https://capscore.dev/schemas/${SCHEMA_FILE_NAMES[role]}.schema.json`,
    title: `capscore ${SCHEMA_FILE_NAMES[role]} message`,
    description: SCHEMA_DESCRIPTIONS[role],
    ...rest,
  };
}

/** The exact text committed under docs/schemas (2-space JSON, trailing newline). */
export function topicJsonSchemaText(role: TopicRole): string {
  return `${JSON.stringify(topicJsonSchema(role), null, 2)}\n`;
}
