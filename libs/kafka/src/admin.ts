import type { Kafka } from 'kafkajs';

export class MissingTopicsError extends Error {
  constructor(readonly topics: string[]) {
    super(`Kafka topics missing: ${topics.join(', ')} (create them, e.g. with \`npm run infra -- up\`)`);
    this.name = 'MissingTopicsError';
  }
}

/** Fails start-up with the names of missing topics rather than consuming nothing in silence. */
export async function assertTopicsExist(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) throw new MissingTopicsError(missing);
  } finally {
    await admin.disconnect();
  }
}

/** Lag per partition of a consumer group: high watermark minus committed offset. */
export async function consumerLag(
  kafka: Kafka,
  groupId: string,
  topics: string[],
): Promise<{ topic: string; partition: number; lag: number }[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
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
  } finally {
    await admin.disconnect();
  }
}

/** Records of `topics` the group has not committed yet, over every partition. */
export async function totalConsumerLag(kafka: Kafka, groupId: string, topics: string[]): Promise<number> {
  return (await consumerLag(kafka, groupId, topics)).reduce((sum, p) => sum + p.lag, 0);
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
