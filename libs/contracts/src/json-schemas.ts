import { z } from 'zod';
import { CertificationTopicEvent, CustomerSuccessTopicEvent, RevenueTopicEvent } from './input-events.js';
import { DesignationEvent, DlqRecord, ScoreSnapshot } from './output-events.js';
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
  return z.toJSONSchema(SCHEMAS[role], { unrepresentable: 'any', io: 'input' });
}
