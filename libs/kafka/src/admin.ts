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
  return withAdmin(kafka, async (admin) =>
    (await admin.fetchTopicOffsets(topic)).map(({ partition, low, high }) => ({ partition, low, high })),
  );
}

/** Lag per partition of a consumer group: high watermark minus committed offset. */
export function consumerLag(
  kafka: KafkaClient,
  groupId: string,
  topics: string[],
): Promise<{ topic: string; partition: number; lag: number }[]> {
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

/** Records of `topics` the group has not committed yet, over every partition. */
export async function totalConsumerLag(
  kafka: KafkaClient,
  groupId: string,
  topics: string[],
): Promise<number> {
  return (await consumerLag(kafka, groupId, topics)).reduce((sum, p) => sum + p.lag, 0);
}

/** Committed offset per `topic/partition` of a consumer group (absent = nothing committed). */
export function committedOffsets(
  kafka: KafkaClient,
  groupId: string,
  topics: string[],
): Promise<Map<string, bigint>> {
  return withAdmin(kafka, async (admin) => {
    const result = new Map<string, bigint>();
    for (const t of await admin.fetchOffsets({ groupId, topics })) {
      for (const p of t.partitions) {
        if (Number(p.offset) >= 0) result.set(`${t.topic}/${p.partition}`, BigInt(p.offset));
      }
    }
    return result;
  });
}

/** Per partition of `topic`: its leader broker's node id, its replicas and in-sync replicas. */
export function partitionPlacement(
  kafka: KafkaClient,
  topic: string,
): Promise<{ partition: number; leader: number; replicas: number[]; isr: number[] }[]> {
  return withAdmin(kafka, async (admin) =>
    ((await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions ?? []).map((p) => ({
      partition: p.partitionId,
      leader: p.leader,
      replicas: p.replicas,
      isr: p.isr,
    })),
  );
}

/** One configuration entry of a topic as the brokers report it (min.insync.replicas, cleanup.policy, ...). */
export function topicConfig(kafka: KafkaClient, topic: string, name: string): Promise<string | undefined> {
  return withAdmin(kafka, async (admin) => {
    // 2: the TOPIC resource type of the Kafka protocol.
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: topic, configNames: [name] }],
    });
    return configs.resources[0]?.configEntries.find((e) => e.configName === name)?.configValue;
  });
}
