import type { Admin } from 'kafkajs';
import { kafkajsOf } from './kafkajs-handle.js';
import type { KafkaClient, PartitionOffsets } from './types.js';

export class MissingTopicsError extends Error {
  constructor(readonly topics: string[]) {
    super(`Kafka topics missing: ${topics.join(', ')} (create them, e.g. with \`npm run infra -- up\`)`);
    this.name = 'MissingTopicsError';
  }
}

/** Runs `work` with a connected admin client, and disconnects it whatever happens. */
async function withAdmin<T>(kafka: KafkaClient, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafkajsOf(kafka).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Fails start-up with the names of missing topics rather than consuming nothing in silence. */
export function assertTopicsExist(kafka: KafkaClient, topics: string[]): Promise<void> {
  return withAdmin(kafka, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) throw new MissingTopicsError(missing);
  });
}

/** Per partition of `topic`, its first kept offset and the next offset to be written. */
export function topicOffsets(kafka: KafkaClient, topic: string): Promise<PartitionOffsets[]> {
  return withAdmin(kafka, async (admin) => (await admin.fetchTopicOffsets(topic)).map(({ partition, low, high }) => ({ partition, low, high })));
}

/** The offsets `groupId` committed on each partition of `topics` ('-1' where it committed none). */
export function committedOffsets(kafka: KafkaClient, groupId: string, topics: string[]): Promise<{ topic: string; partition: number; offset: string }[]> {
  return withAdmin(kafka, async (admin) =>
    (await admin.fetchOffsets({ groupId, topics })).flatMap(({ topic, partitions }) => partitions.map(({ partition, offset }) => ({ topic, partition, offset }))),
  );
}

/** Lag per partition of a consumer group: high watermark minus committed offset. */
export function consumerLag(kafka: KafkaClient, groupId: string, topics: string[]): Promise<{ topic: string; partition: number; lag: number }[]> {
  return withAdmin(kafka, async (admin) => {
    const result: { topic: string; partition: number; lag: number }[] = [];
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const c = mine.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const start = Number(c) < 0 ? Number(end.low) : Number(c);
        result.push({ topic, partition: end.partition, lag: Math.max(0, Number(end.high) - start) });
      }
    }
    return result;
  });
}

/**
 * Creates topics of `partitions` partitions, replicated as `npm run infra` creates them
 * (scripts/infra/kafka.mjs): up to 3 replicas with min.insync.replicas 2, so a three-broker
 * cluster pays for acks=all to three replicas, as production does.
 */
export function createTopics(kafka: KafkaClient, topics: string[], options: { partitions: number; compacted?: boolean }): Promise<void> {
  return withAdmin(kafka, async (admin) => {
    const replicationFactor = Math.min(3, (await admin.describeCluster()).brokers.length);
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({
        topic,
        numPartitions: options.partitions,
        replicationFactor,
        configEntries: [
          { name: 'min.insync.replicas', value: replicationFactor >= 3 ? '2' : '1' },
          ...(options.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
        ],
      })),
    });
  });
}

export function deleteTopics(kafka: KafkaClient, topics: string[]): Promise<void> {
  return withAdmin(kafka, (admin) => admin.deleteTopics({ topics }));
}
