import { randomUUID } from 'node:crypto';
import { type Kafka, type KafkaMessage, logLevel, Kafka as KafkaClient, Partitioners } from 'kafkajs';

export function kafkaAt(brokers: string[], clientId = 'capscore-fault-test'): Kafka {
  return new KafkaClient({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 200, maxRetryTime: 5000 } });
}

export interface RawRecord {
  topic: string;
  key: string | Buffer | null;
  value: string | Buffer | null;
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

export const placeId = (p: { topic: string; partition: number; offset: string }): string => `${p.topic}/${p.partition}/${p.offset}`;

const sizeOf = (r: RawRecord) => (r.key === null ? 0 : Buffer.byteLength(r.key)) + (r.value === null ? 0 : Buffer.byteLength(r.value)) + 64;

/**
 * Produces records in order and returns the topic/partition/offset of each. Partitions are chosen
 * by kafkajs's default partitioner (murmur2 of the key, as every upstream Java or kafkajs client
 * does), requests stay under 512 KiB, and the producer is idempotent, so the offsets computed
 * from each request's base offset are exact.
 */
export async function produceTracked(kafka: Kafka, records: readonly RawRecord[], partitions: number): Promise<Placed[]> {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0], offlineReplicas: [] }));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const placed: Placed[] = new Array<Placed>(records.length);
  try {
    let start = 0;
    while (start < records.length) {
      let end = start;
      let bytes = 0;
      while (end < records.length && end - start < 5000 && (end === start || bytes + sizeOf(records[end]!) <= 512 * 1024)) {
        bytes += sizeOf(records[end]!);
        end++;
      }
      const byTopicPartition = new Map<string, number[]>();
      const topicMessages = new Map<string, { key: string | Buffer | null; value: string | Buffer | null; partition: number }[]>();
      for (let i = start; i < end; i++) {
        const r = records[i]!;
        const partition = partitioner({ topic: r.topic, partitionMetadata, message: { key: r.partitionBy ?? r.key, value: r.value } });
        const list = topicMessages.get(r.topic) ?? [];
        list.push({ key: r.key, value: r.value, partition });
        topicMessages.set(r.topic, list);
        const tp = `${r.topic}/${partition}`;
        const indexes = byTopicPartition.get(tp) ?? [];
        indexes.push(i);
        byTopicPartition.set(tp, indexes);
      }
      const results = await producer.sendBatch({ acks: -1, topicMessages: [...topicMessages].map(([topic, messages]) => ({ topic, messages })) });
      for (const result of results) {
        const indexes = byTopicPartition.get(`${result.topicName}/${result.partition}`) ?? [];
        const base = BigInt(result.baseOffset ?? '-1');
        if (base < 0n) throw new Error(`no base offset for ${result.topicName}/${result.partition}`);
        indexes.forEach((index, n) => (placed[index] = { topic: result.topicName, partition: result.partition, offset: String(base + BigInt(n)) }));
      }
      start = end;
    }
  } finally {
    await producer.disconnect();
  }
  const missing = placed.findIndex((p) => p === undefined);
  if (missing >= 0) throw new Error(`record ${missing} has no offset`);
  return placed;
}

export type ReadMessage = KafkaMessage & { topic: string; partition: number };

/** Every message of a topic, from the beginning to the end offsets read when the call starts. */
export async function readTopic(kafka: Kafka, topic: string): Promise<ReadMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(ends.filter((e) => BigInt(e.high) > BigInt(e.low)).map((e) => [e.partition, BigInt(e.high)]));
  const messages: ReadMessage[] = [];
  if (remaining.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 100, maxBytesPerPartition: 8 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachBatchAutoResolve: true,
        autoCommit: false,
        eachBatch: ({ batch }) => {
          const high = remaining.get(batch.partition);
          if (high === undefined) return Promise.resolve();
          for (const m of batch.messages) {
            if (BigInt(m.offset) < high) messages.push({ ...m, topic: batch.topic, partition: batch.partition });
          }
          if (BigInt(batch.lastOffset()) + 1n >= high) remaining.delete(batch.partition);
          if (remaining.size === 0) resolve();
          return Promise.resolve();
        },
      });
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** Committed offset per `topic/partition` of a consumer group (absent = nothing committed). */
export async function committedOffsets(kafka: Kafka, groupId: string, topics: string[]): Promise<Map<string, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const result = new Map<string, bigint>();
    for (const t of await admin.fetchOffsets({ groupId, topics })) {
      for (const p of t.partitions) if (Number(p.offset) >= 0) result.set(`${t.topic}/${p.partition}`, BigInt(p.offset));
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}

/** Records of `topics` the group has not committed yet. */
export async function groupLag(kafka: Kafka, groupId: string, topics: string[]): Promise<number> {
  const committed = await committedOffsets(kafka, groupId, topics);
  const admin = kafka.admin();
  await admin.connect();
  try {
    let lag = 0n;
    for (const topic of topics) {
      for (const end of await admin.fetchTopicOffsets(topic)) {
        const c = committed.get(`${topic}/${end.partition}`) ?? BigInt(end.low);
        lag += BigInt(end.high) - c;
      }
    }
    return Number(lag);
  } finally {
    await admin.disconnect();
  }
}
