import type { InputEvent, InputEventType } from './input-events.js';
import {
  EXTERNAL_ID,
  EXTERNAL_ID_MAX,
  hasAtMostTwoDecimals,
  instantForm,
  MAX_ABS_AMOUNT_USD,
  MAX_COUNT,
  PARTNER_ID,
  PARTNER_ID_MAX,
  WORKLOAD_ID,
  WORKLOAD_ID_MAX,
  YEAR_MONTH,
} from './primitives.js';

/**
 * The input schemas written out by hand, for the scorer's hot path: zod's generic machinery
 * allocated about a third of everything the scorer allocated per record (docs/benchmarks.md,
 * round 5). It is only a shortcut: it answers "certainly valid" (and the parsed value is the
 * event) or "ask zod", never "invalid", so zod still decides every rejection and words its issues.
 * It must never accept what zod rejects; contracts.property.spec.ts checks that on generated valid
 * and broken events, and that it accepts the valid ones.
 */
export function certainlyValidEvent(type: InputEventType, json: Record<string, unknown>): InputEvent | null {
  if (
    !hasExactly(json, ENVELOPE) ||
    !isExternalId(json.eventId) ||
    !isPartnerId(json.partnerId) ||
    !isInstant(json.occurredAt)
  ) {
    return null;
  }
  const data = json.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  return DATA_CHECKS[type](data as Record<string, unknown>) ? (json as unknown as InputEvent) : null;
}

const ENVELOPE = ['eventId', 'type', 'partnerId', 'occurredAt', 'data'];

const DATA_CHECKS: Record<InputEventType, (data: Record<string, unknown>) => boolean> = {
  'certification.earned': (d) => {
    if (!hasKeys(d, ['individualId', 'certificationId'], ['earnedAt', 'expiresAt'])) return false;
    if (!isExternalId(d.individualId) || !isExternalId(d.certificationId)) return false;
    if (d.earnedAt !== undefined && !isInstant(d.earnedAt)) return false;
    if (d.expiresAt !== undefined && !isInstant(d.expiresAt)) return false;
    return (
      d.earnedAt === undefined ||
      d.expiresAt === undefined ||
      Date.parse(d.expiresAt as string) > Date.parse(d.earnedAt as string)
    );
  },
  'certification.revoked': (d) =>
    hasExactly(d, ['individualId', 'certificationId']) &&
    isExternalId(d.individualId) &&
    isExternalId(d.certificationId),
  'individual.linked': (d) => hasExactly(d, ['individualId']) && isExternalId(d.individualId),
  'individual.unlinked': (d) => hasExactly(d, ['individualId']) && isExternalId(d.individualId),
  'revenue.recorded': (d) =>
    hasExactly(d, ['customerId', 'workload', 'month', 'amountUsd']) &&
    isExternalId(d.customerId) &&
    isWorkload(d.workload) &&
    isMonth(d.month) &&
    isAmount(d.amountUsd),
  'revenue.reversed': (d) => hasExactly(d, ['reversesEventId']) && isExternalId(d.reversesEventId),
  'usage.reported': (d) =>
    hasExactly(d, ['customerId', 'workload', 'month', 'activeUsers', 'paidLicenses']) &&
    isExternalId(d.customerId) &&
    isWorkload(d.workload) &&
    isMonth(d.month) &&
    isCount(d.activeUsers) &&
    isCount(d.paidLicenses),
};

/** Own keys are exactly `required` (JSON.parse makes every key own, "__proto__" included). */
function hasExactly(object: Record<string, unknown>, required: readonly string[]): boolean {
  return hasKeys(object, required, []);
}

function hasKeys(
  object: Record<string, unknown>,
  required: readonly string[],
  optional: readonly string[],
): boolean {
  let present = 0;
  for (const key in object) {
    if (required.includes(key)) present++;
    else if (!optional.includes(key)) return false;
  }
  return present === required.length && Object.getPrototypeOf(object) === Object.prototype;
}

const isString = (v: unknown, max: number, pattern: RegExp): boolean =>
  typeof v === 'string' && v.length >= 1 && v.length <= max && pattern.test(v);
const isExternalId = (v: unknown) => isString(v, EXTERNAL_ID_MAX, EXTERNAL_ID);
const isPartnerId = (v: unknown) => isString(v, PARTNER_ID_MAX, PARTNER_ID);
const isWorkload = (v: unknown) => isString(v, WORKLOAD_ID_MAX, WORKLOAD_ID);
const isMonth = (v: unknown) => typeof v === 'string' && YEAR_MONTH.test(v);
const isInstant = (v: unknown) => typeof v === 'string' && instantForm(v) === 'valid';
const isAmount = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_ABS_AMOUNT_USD && hasAtMostTwoDecimals(v);
const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_COUNT;
