import type { z } from 'zod';
import {
  CertificationTopicEvent,
  CustomerSuccessTopicEvent,
  EVENT_TYPES_BY_TOPIC,
  INPUT_EVENT_TYPES,
  type InputEvent,
  type InputEventType,
  MAX_VALUE_BYTES,
  RevenueTopicEvent,
} from './input-events.js';
import { certainlyValidEvent } from './fast-validate.js';
import type { ValidationDlqCode, ValidationIssue } from './output-events.js';
import type { InputTopicRole } from './topics.js';

export type Decoded =
  | { ok: true; event: InputEvent }
  | { ok: false; code: ValidationDlqCode; message: string; issues: ValidationIssue[] };

const SCHEMA_BY_TOPIC: Record<InputTopicRole, z.ZodType<InputEvent>> = {
  certifications: CertificationTopicEvent,
  revenue: RevenueTopicEvent,
  customerSuccess: CustomerSuccessTopicEvent,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

function reject(code: ValidationDlqCode, message: string, issues: ValidationIssue[] = []): Decoded {
  return { ok: false, code, message, issues };
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((p) => String(p)).join('.');
}

/**
 * Turns one Kafka record of an input topic into an input event, or into the reason it is
 * dead-lettered. Never throws: every byte sequence gets an answer.
 */
export function decodeInputRecord(
  role: InputTopicRole,
  key: Uint8Array | null,
  value: Uint8Array | null,
): Decoded {
  if (value === null) return reject('invalid-json', 'record has no value (tombstone)');
  if (value.byteLength > MAX_VALUE_BYTES) {
    return reject('too-large', `value is ${value.byteLength} bytes; the limit is ${MAX_VALUE_BYTES}`);
  }
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return reject('invalid-encoding', 'value is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return reject('invalid-json', `value is not JSON: ${(error as Error).message}`);
  }
  const type =
    typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as { type?: unknown }).type
      : undefined;
  if (typeof type !== 'string' || !INPUT_EVENT_TYPES.includes(type as InputEventType)) {
    return reject('unknown-type', `unknown event type ${JSON.stringify(type)?.slice(0, 80) ?? 'undefined'}`, [
      { path: 'type', message: `expected one of ${INPUT_EVENT_TYPES.join(', ')}` },
    ]);
  }
  if (!EVENT_TYPES_BY_TOPIC[role].includes(type as InputEventType)) {
    return reject('wrong-topic', `${type} does not belong on the ${role} topic`);
  }
  // The hand-written check first (it accepts nearly every record); zod decides the rest and
  // words the issues of what it rejects.
  let event = certainlyValidEvent(type as InputEventType, json as Record<string, unknown>);
  if (!event) {
    const parsed = SCHEMA_BY_TOPIC[role].safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message }));
      const first = issues[0];
      return reject(
        'invalid-schema',
        `invalid ${type}: ${first ? `${first.path}: ${first.message}` : 'schema'}`,
        issues,
      );
    }
    event = parsed.data;
  }
  const keyText = key === null ? null : Buffer.from(key).toString('utf8');
  if (keyText !== event.partnerId) {
    return reject(
      'key-mismatch',
      `record key ${JSON.stringify(keyText)} differs from partnerId ${JSON.stringify(event.partnerId)}`,
    );
  }
  return { ok: true, event };
}
