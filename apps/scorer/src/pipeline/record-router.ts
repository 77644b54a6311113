import { decodeInputRecord, type DlqCode, type DlqRecord, type InputEvent, type InputTopicRole } from '@app/contracts';
import type { ConsumedRecord, OutgoingMessage } from '@app/kafka';

export interface RoutedRecords {
  /** Valid events per partner, in offset order. */
  eventsByPartner: Map<string, InputEvent[]>;
  dlq: { code: DlqCode; message: OutgoingMessage }[];
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
 * Splits one partition batch into valid events grouped by partner and dead letters that carry
 * the original record (contracts.md §3). Nothing here throws on bad input.
 */
export function routeRecords(
  role: InputTopicRole,
  records: readonly ConsumedRecord[],
  dlqTopic: string,
  rejectedAt: number,
): RoutedRecords {
  const eventsByPartner = new Map<string, InputEvent[]>();
  const dlq: RoutedRecords['dlq'] = [];
  for (const record of records) {
    const decoded = decodeInputRecord(role, record.key, record.value);
    if (decoded.ok) {
      const list = eventsByPartner.get(decoded.event.partnerId);
      if (list) list.push(decoded.event);
      else eventsByPartner.set(decoded.event.partnerId, [decoded.event]);
      continue;
    }
    const key = describeValue(record.key);
    const body: DlqRecord = {
      code: decoded.code,
      message: decoded.message,
      issues: decoded.issues,
      original: {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        key: key.value,
        ...describeValue(record.value),
        timestamp: record.timestamp,
      },
      rejectedAt: new Date(rejectedAt).toISOString(),
    };
    dlq.push({
      code: decoded.code,
      message: {
        topic: dlqTopic,
        // Keep the original key when it is text so a partner's dead letters stay in order.
        key: key.valueEncoding === 'utf8' && key.value !== null ? key.value : `${record.topic}/${record.partition}/${record.offset}`,
        value: JSON.stringify(body),
        headers: { 'capscore-dlq-code': decoded.code },
      },
    });
  }
  return { eventsByPartner, dlq };
}
