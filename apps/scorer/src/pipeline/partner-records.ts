import type { InputEvent, InputTopicRole } from '@app/contracts';
import type { ConsumedRecord } from '@app/kafka';
import { routeRecord, type DeadLetter } from './record-router.js';

/** A unit's records of one record key (a partner, when the key is valid), in unit order. */
export interface PartnerRecords {
  /** Partition of the first chunk the key appeared in: co-partitioned topics agree on it. */
  shard: number;
  roles: InputTopicRole[];
  records: ConsumedRecord[];
}

/**
 * Groups a unit's records by their Kafka key, the contract's partnerId, without decoding them.
 * Decoding waits for the partner's slice (decodePartnerRecords): decoded events then live for a
 * slice instead of a whole unit, and far fewer of them survive into the older GC generations,
 * where copying them cost more than decoding. A key that is not a valid partnerId groups only
 * records that decoding dead-letters (the key must equal partnerId).
 */
export function groupByKey(
  chunks: readonly { role: InputTopicRole; partition: number; records: readonly ConsumedRecord[] }[],
): Map<string, PartnerRecords> {
  const byKey = new Map<string, PartnerRecords>();
  for (const chunk of chunks) {
    for (const record of chunk.records) {
      const key = record.key === null ? '' : record.key.toString('utf8');
      let group = byKey.get(key);
      if (!group) byKey.set(key, (group = { shard: chunk.partition, roles: [], records: [] }));
      group.roles.push(chunk.role);
      group.records.push(record);
    }
  }
  return byKey;
}

/** Decodes one key's records: valid events in unit order, dead letters appended to `dlq`. */
export function decodePartnerRecords(
  group: PartnerRecords,
  dlqTopic: string,
  rejectedAt: number,
  dlq: DeadLetter[],
): InputEvent[] {
  const events: InputEvent[] = [];
  for (let i = 0; i < group.records.length; i++) {
    const routed = routeRecord(
      group.roles[i] as InputTopicRole,
      group.records[i] as ConsumedRecord,
      dlqTopic,
      rejectedAt,
    );
    if ('event' in routed) events.push(routed.event);
    else dlq.push(routed.deadLetter);
  }
  return events;
}
