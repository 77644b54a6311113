import {
  decodeInputRecord,
  type DlqCode,
  type DlqRecord,
  type InputEvent,
  type InputTopicRole,
  MAX_VALUE_BYTES,
} from '@app/contracts';
import type { ConsumedRecord, OutgoingMessage } from '@app/kafka';

/** A rejected record: its DLQ code and the dead letter to publish (contracts.md §3). */
export interface DeadLetter {
  code: DlqCode;
  message: OutgoingMessage;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function describeValue(value: Buffer | null): Pick<DlqRecord['original'], 'value' | 'valueEncoding'> {
  if (value === null) return { value: null, valueEncoding: 'utf8' };
  try {
    return { value: utf8.decode(value), valueEncoding: 'utf8' };
  } catch {
    return { value: value.toString('base64'), valueEncoding: 'base64' };
  }
}

/**
 * A key or value over the input limit is kept as its first MAX_VALUE_BYTES bytes (cut at a UTF-8
 * character boundary): the broker accepts records of about 1 MB, and the whole of one, escaped
 * or base64-encoded inside a dead letter, would be larger than the broker accepts, so the DLQ
 * publish would fail on every retry and stall the partition.
 */
function excerpt(bytes: Buffer | null): { bytes: Buffer | null; truncatedFrom?: number } {
  if (bytes === null || bytes.length <= MAX_VALUE_BYTES) return { bytes };
  let end = MAX_VALUE_BYTES;
  for (let back = 0; back < 3 && ((bytes[end] ?? 0) & 0xc0) === 0x80; back++) end--;
  return { bytes: bytes.subarray(0, end), truncatedFrom: bytes.length };
}

/**
 * Decodes one record of an input topic: its event, or its dead letter carrying the original
 * record (contracts.md §3). Never throws on bad input.
 */
export function routeRecord(
  role: InputTopicRole,
  record: ConsumedRecord,
  dlqTopic: string,
  rejectedAt: number,
): { event: InputEvent } | { deadLetter: DeadLetter } {
  const decoded = decodeInputRecord(role, record.key, record.value);
  if (decoded.ok) return { event: decoded.event };
  return { deadLetter: deadLetterOf(record, decoded, dlqTopic, rejectedAt) };
}

/**
 * The dead letter of a valid record whose partner's evaluation threw: the same format, code
 * `processing-error`, the error as `name: message` (no stack: dead letters are read by people
 * and tools outside the team), so `capscore dlq redrive` can re-send it once the cause is fixed.
 */
export function processingErrorLetter(
  record: ConsumedRecord,
  partnerId: string,
  error: string,
  dlqTopic: string,
  rejectedAt: number,
): DeadLetter {
  return deadLetterOf(
    record,
    { code: 'processing-error', message: `evaluating partner ${partnerId} failed: ${error}`, issues: [] },
    dlqTopic,
    rejectedAt,
  );
}

function deadLetterOf(
  record: ConsumedRecord,
  reason: Pick<DlqRecord, 'code' | 'message' | 'issues'>,
  dlqTopic: string,
  rejectedAt: number,
): DeadLetter {
  const keyExcerpt = excerpt(record.key);
  const valueExcerpt = excerpt(record.value);
  const key = describeValue(keyExcerpt.bytes);
  const body: DlqRecord = {
    code: reason.code,
    message: reason.message,
    issues: reason.issues,
    original: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: key.value,
      ...(keyExcerpt.truncatedFrom === undefined
        ? {}
        : { keyTruncated: true, keyBytes: keyExcerpt.truncatedFrom }),
      ...describeValue(valueExcerpt.bytes),
      ...(valueExcerpt.truncatedFrom === undefined
        ? {}
        : { truncated: true, valueBytes: valueExcerpt.truncatedFrom }),
      timestamp: record.timestamp,
    },
    rejectedAt: new Date(rejectedAt).toISOString(),
  };
  return {
    code: reason.code,
    message: {
      topic: dlqTopic,
      // Keep the original key when it is text so a partner's dead letters stay in order.
      key:
        key.valueEncoding === 'utf8' && key.value !== null && keyExcerpt.truncatedFrom === undefined
          ? key.value
          : `${record.topic}/${record.partition}/${record.offset}`,
      value: JSON.stringify(body),
      headers: { 'capscore-dlq-code': reason.code },
    },
  };
}

/**
 * The dead letters of one unit as one log line's fields: how many, and how many of each code
 * (`{ "invalid-schema": 3, "key-mismatch": 1 }`), so a malformed feed costs a line per unit,
 * not one per record.
 */
export function deadLetterCounts(deadLetters: readonly DeadLetter[]): {
  deadLetters: number;
  byCode: Partial<Record<DlqCode, number>>;
} {
  const byCode: Partial<Record<DlqCode, number>> = {};
  for (const d of deadLetters) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
  return { deadLetters: deadLetters.length, byCode };
}
