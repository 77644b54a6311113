import { kafkajsOf } from './kafkajs-handle.js';
import type { KafkaClient } from './types.js';

export interface TopicReplication {
  replicationFactor: number;
  minInsyncReplicas: number;
}

/** A topic to create; `compacted` for a topic where only the latest record per key matters. */
export interface TopicSpec {
  name: string;
  compacted?: boolean;
}

/**
 * Three replicas and min.insync.replicas 2 where there are three brokers or more (with acks=all a
 * write survives the loss of any one broker), otherwise as many replicas as brokers. The same rule
 * as scripts/infra/kafka.mjs replicationFor, which creates the topics of `npm run infra`.
 */
export function replicationFor(brokerCount: number): TopicReplication {
  const replicationFactor = Math.max(1, Math.min(3, brokerCount));
  return { replicationFactor, minInsyncReplicas: replicationFactor >= 3 ? 2 : 1 };
}

/**
 * Creates the topics that do not exist yet, with `partitions` partitions each and the cluster's
 * replicationFor() unless `replication` says otherwise. A broker busy creating earlier topics (or
 * one just started) sometimes answers the wait for the new leaders with "does not host this
 * topic-partition", which kafkajs's waitForLeaders does not retry: a later attempt succeeds.
 */
export async function createTopics(
  kafka: KafkaClient,
  topics: readonly TopicSpec[],
  partitions: number,
  replication?: TopicReplication,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await createTopicsOnce(kafka, topics, partitions, replication);
      return;
    } catch (error) {
      if (attempt >= 10 || !/does not host this topic-partition/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

async function createTopicsOnce(
  kafka: KafkaClient,
  topics: readonly TopicSpec[],
  partitions: number,
  wanted?: TopicReplication,
): Promise<void> {
  const admin = kafkajsOf(kafka).admin();
  await admin.connect();
  try {
    const replication = wanted ?? replicationFor((await admin.describeCluster()).brokers.length);
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map(({ name, compacted }) => ({
        topic: name,
        numPartitions: partitions,
        replicationFactor: replication.replicationFactor,
        configEntries: [
          { name: 'min.insync.replicas', value: String(replication.minInsyncReplicas) },
          ...(compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
        ],
      })),
    });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka: KafkaClient, topics: readonly string[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = kafkajsOf(kafka).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [...topics] });
  } finally {
    await admin.disconnect();
  }
}

/** Records in the topics now (high minus low watermark): what a consumer from the start sees. */
export async function topicRecordCount(kafka: KafkaClient, topics: readonly string[]): Promise<number> {
  const admin = kafkajsOf(kafka).admin();
  await admin.connect();
  try {
    let total = 0;
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high) - Number(p.low);
    }
    return total;
  } finally {
    await admin.disconnect();
  }
}
