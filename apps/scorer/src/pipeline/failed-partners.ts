import { decodeInputRecord, type InputTopicRole } from '@app/contracts';
import type { ConsumedRecord } from '@app/kafka';
import type { ProcessedPartner } from './partner-processor.js';
import type { PartnerRecords } from './partner-records.js';
import { processingErrorLetter, type DeadLetter } from './record-router.js';

/** Clock time after which a timer whose evaluation threw is tried again (not at every tick). */
export const FAILED_TIMER_RETRY_MS = 60_000;

/**
 * Parks the records of every partner whose evaluation threw as `processing-error` dead letters
 * (appended to `dlq`, published with the unit's outbox before its offsets are committed), so
 * the partition moves on instead of retrying one bug for ever. Their records are valid and
 * idempotent (eventIds), so `capscore dlq redrive` after the fix applies them exactly once; the
 * final aggregate does not depend on the order they come in (reliability.md P6). Returns the
 * failed partners.
 */
export function parkFailedPartners(
  processed: readonly ProcessedPartner[],
  byKey: ReadonlyMap<string, PartnerRecords>,
  dlqTopic: string,
  rejectedAt: number,
  dlq: DeadLetter[],
): ProcessedPartner[] {
  const failed = processed.filter((p) => p.failure !== undefined);
  for (const partner of failed) {
    const group = byKey.get(partner.partnerId);
    if (!group) continue;
    group.records.forEach((record: ConsumedRecord, i) => {
      // Invalid records of the partner already have their dead letter (validation code); decoding
      // again costs little, and only for the rare partner that failed.
      if (!decodeInputRecord(group.roles[i] as InputTopicRole, record.key, record.value).ok) return;
      dlq.push(processingErrorLetter(record, partner.partnerId, partner.failure ?? '', dlqTopic, rejectedAt));
    });
  }
  return failed;
}

/**
 * A timer evaluation that threw has no records to park: its timer moves FAILED_TIMER_RETRY_MS
 * ahead, so it neither spins the timer loop nor is lost (it fires again after the fix).
 */
export function postponeFailedTimers(
  processed: readonly ProcessedPartner[],
  now: number,
): ProcessedPartner[] {
  return processed.map((p) =>
    p.failure === undefined
      ? p
      : { ...p, next: { at: now + FAILED_TIMER_RETRY_MS, kind: p.next?.kind ?? 'timer' } },
  );
}
