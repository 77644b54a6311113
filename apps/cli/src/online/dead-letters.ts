import { DlqRecord, INPUT_TOPIC_ROLES, type InputTopicRole, type TopicNames } from '@app/contracts';
import type { ConsumedRecord } from '@app/kafka';

/** A record of the DLQ topic, addressed by its own partition:offset (what `--offsets` takes). */
export interface DeadLetter {
  at: string;
  partition: number;
  offset: string;
  /** The DLQ record, or why this DLQ message is not one (not written by capscore?). */
  record?: DlqRecord;
  unreadable?: string;
}

export function toDeadLetter(r: ConsumedRecord): DeadLetter {
  const at = `${r.partition}:${r.offset}`;
  let json: unknown;
  try {
    json = JSON.parse(r.value?.toString('utf8') ?? 'null');
  } catch (error) {
    return {
      at,
      partition: r.partition,
      offset: r.offset,
      unreadable: `not JSON: ${(error as Error).message}`,
    };
  }
  const parsed = DlqRecord.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      at,
      partition: r.partition,
      offset: r.offset,
      unreadable: `not a DLQ record: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'schema'}`,
    };
  }
  return { at, partition: r.partition, offset: r.offset, record: parsed.data };
}

/** Parses `--offsets 0:12,1:3` (DLQ partition:offset, as `dlq list` prints them). */
export function parseOffsets(values: string[]): Set<string> | undefined {
  if (values.length === 0) return undefined;
  const set = new Set<string>();
  for (const value of values.flatMap((v) => v.split(','))) {
    const text = value.trim();
    if (text === '') continue;
    if (!/^\d+:\d+$/.test(text)) {
      throw new Error(`--offsets takes DLQ partition:offset pairs such as 0:12, got ${JSON.stringify(text)}`);
    }
    const [p, o] = text.split(':');
    set.add(`${Number(p)}:${BigInt(o ?? '0').toString()}`);
  }
  return set;
}

/** The input topic role of a configured topic name, if the dead letter came from one. */
export function inputRoleOf(topics: TopicNames, topic: string): InputTopicRole | undefined {
  return INPUT_TOPIC_ROLES.find((role) => topics[role] === topic);
}

/** The original value's bytes (utf8 or base64 as the DLQ record says), or null for a tombstone. */
export function originalValue(record: DlqRecord): Buffer | null {
  const { value, valueEncoding } = record.original;
  if (value === null) return null;
  return valueEncoding === 'base64' ? Buffer.from(value, 'base64') : Buffer.from(value, 'utf8');
}
