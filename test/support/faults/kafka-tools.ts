import { createLogger } from '@app/logging';
import {
  createKafka,
  defaultPartition,
  type KafkaClient,
  type RawRecord as SendableRecord,
  RecordSender,
  readTopicToEnd,
  type ConsumedRecord,
} from '@app/kafka';

export function kafkaAt(brokers: string[], clientId = 'capscore-fault-test'): KafkaClient {
  return createKafka(
    { clientId, brokers, ssl: false, silent: true },
    createLogger({ app: 'test', level: 'error', format: 'json', destination: 2 }),
  );
}

export interface RawRecord extends SendableRecord {
  /**
   * Key the partition is chosen by, when not `key`: kafkajs's murmur2 takes minutes on a key of
   * hundreds of kilobytes, so a giant key is placed by its partner's id instead.
   */
  partitionBy?: string;
}

/** Where a produced record landed. */
export interface Placed {
  topic: string;
  partition: number;
  offset: string;
}

export const placeId = (p: { topic: string; partition: number; offset: string }): string =>
  `${p.topic}/${p.partition}/${p.offset}`;

const sizeOf = (r: RawRecord) =>
  (r.key === null ? 0 : Buffer.byteLength(r.key)) + (r.value === null ? 0 : Buffer.byteLength(r.value)) + 64;

/**
 * Produces records in order and returns the topic/partition/offset of each. Partitions are chosen
 * by the default partitioner (murmur2 of the key, as every upstream Java or kafkajs client does),
 * requests stay under 512 KiB, and the producer is idempotent, so the offsets computed from each
 * request's base offset are exact.
 */
export async function produceTracked(
  kafka: KafkaClient,
  records: readonly RawRecord[],
  partitions: number,
): Promise<Placed[]> {
  const sender = new RecordSender(kafka, { acks: 'all', idempotent: true });
  await sender.connect();
  const placed: Placed[] = new Array<Placed>(records.length);
  try {
    let start = 0;
    while (start < records.length) {
      let end = start;
      let bytes = 0;
      while (
        end < records.length &&
        end - start < 5000 &&
        (end === start || bytes + sizeOf(records[end]!) <= 512 * 1024)
      ) {
        bytes += sizeOf(records[end]!);
        end++;
      }
      const byTopicPartition = new Map<string, number[]>();
      const request: SendableRecord[] = [];
      for (let i = start; i < end; i++) {
        const r = records[i]!;
        const partition = defaultPartition(r.partitionBy ?? r.key, partitions);
        request.push({ topic: r.topic, key: r.key, value: r.value, partition });
        const tp = `${r.topic}/${partition}`;
        const indexes = byTopicPartition.get(tp) ?? [];
        indexes.push(i);
        byTopicPartition.set(tp, indexes);
      }
      for (const result of await sender.send(request)) {
        const indexes = byTopicPartition.get(`${result.topic}/${result.partition}`) ?? [];
        const base = BigInt(result.baseOffset);
        if (base < 0n) throw new Error(`no base offset for ${result.topic}/${result.partition}`);
        indexes.forEach(
          (index, n) =>
            (placed[index] = {
              topic: result.topic,
              partition: result.partition,
              offset: String(base + BigInt(n)),
            }),
        );
      }
      start = end;
    }
  } finally {
    await sender.disconnect();
  }
  const missing = placed.findIndex((p) => p === undefined);
  if (missing >= 0) throw new Error(`record ${missing} has no offset`);
  return placed;
}

export type ReadMessage = ConsumedRecord;

/** Every message of a topic, from the beginning to the end offsets read when the call starts. */
export function readTopic(kafka: KafkaClient, topic: string): Promise<ReadMessage[]> {
  return readTopicToEnd(kafka, topic, 'reader');
}
