import { randomUUID } from 'node:crypto';
import { createRedis, deleteKeysMatching } from '@app/redis';
import { Kafka, logLevel } from 'kafkajs';

export function brokers(): string[] {
  const value = process.env.KAFKA_BROKERS;
  if (!value) throw new Error('KAFKA_BROKERS is not set: run integration tests through `npm test`');
  return value.split(',');
}

export function redisUrl(): string {
  const value = process.env.REDIS_URL;
  if (!value) throw new Error('REDIS_URL is not set: run integration tests through `npm test`');
  return value;
}

export function testKafka(clientId = 'capscore-test', at: string[] = brokers()): Kafka {
  return new Kafka({ clientId, brokers: at, logLevel: logLevel.NOTHING });
}

/** Where a namespace lives when not on the suite's one broker and one Redis server. */
export interface NamespaceTarget {
  /** Bootstrap brokers of another Kafka (e.g. a test's own three-broker cluster). */
  brokers?: string[];
  /** Topics' replication factor and min.insync.replicas (default 1 and the broker's default). */
  replication?: { replicationFactor: number; minInsyncReplicas: number };
  /** Environment naming another Redis, e.g. { REDIS_URL: '', REDIS_CLUSTER_NODES: '...' }. */
  redisEnv?: Record<string, string>;
}

/** A private namespace for one test: its own topics, consumer group and Redis key prefix. */
export interface TestNamespace {
  id: string;
  topics: {
    certifications: string;
    revenue: string;
    customerSuccess: string;
    designations: string;
    scores: string;
    dlq: string;
  };
  groupId: string;
  keyPrefix: string;
  partitions: number;
  /** Environment for a scorer or api process of this namespace. */
  env: Record<string, string>;
}

/**
 * Creates a namespace, retrying while a freshly started broker still answers "This server does
 * not host this topic-partition" for new topics (kafkajs's waitForLeaders only retries another
 * error). Every suite may be the first one after the broker started.
 */
export async function createNamespace(partitions = 4, target: NamespaceTarget = {}): Promise<TestNamespace> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await createNamespaceOnce(partitions, target);
    } catch (error) {
      if (attempt >= 10 || !/does not host this topic-partition/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 1000));
    }
  }
}

async function createNamespaceOnce(partitions: number, target: NamespaceTarget): Promise<TestNamespace> {
  const at = target.brokers ?? brokers();
  const id = randomUUID().slice(0, 8);
  const topics = {
    certifications: `t-${id}.certifications`,
    revenue: `t-${id}.revenue`,
    customerSuccess: `t-${id}.customer-success`,
    designations: `t-${id}.designations`,
    scores: `t-${id}.scores`,
    dlq: `t-${id}.dlq`,
  };
  const admin = testKafka('capscore-test', at).admin();
  await admin.connect();
  const replication = target.replication;
  await admin.createTopics({
    waitForLeaders: true,
    topics: Object.entries(topics).map(([role, topic]) => ({
      topic,
      numPartitions: partitions,
      replicationFactor: replication?.replicationFactor ?? 1,
      configEntries: [
        ...(replication ? [{ name: 'min.insync.replicas', value: String(replication.minInsyncReplicas) }] : []),
        ...(role === 'scores' ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
      ],
    })),
  });
  await admin.disconnect();
  const groupId = `g-${id}`;
  const keyPrefix = `capscore-test:${id}:`;
  return {
    id,
    topics,
    groupId,
    keyPrefix,
    partitions,
    env: {
      KAFKA_BROKERS: at.join(','),
      REDIS_URL: redisUrl(),
      ...target.redisEnv,
      KAFKA_GROUP_ID: groupId,
      KAFKA_PARTITIONS: String(partitions),
      REDIS_KEY_PREFIX: keyPrefix,
      TOPIC_CERTIFICATIONS: topics.certifications,
      TOPIC_REVENUE: topics.revenue,
      TOPIC_CUSTOMER_SUCCESS: topics.customerSuccess,
      TOPIC_DESIGNATIONS: topics.designations,
      TOPIC_SCORES: topics.scores,
      TOPIC_DLQ: topics.dlq,
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    },
  };
}

/** Deletes the namespace's topics and Redis keys (SCAN + UNLINK on its own prefix, never FLUSH). */
export async function dropNamespace(ns: TestNamespace): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  await admin.deleteTopics({ topics: Object.values(ns.topics) }).catch(() => undefined);
  await admin.disconnect();
  const redis = createRedis(redisUrl());
  await redis.connect();
  await deleteKeysMatching(redis, `${ns.keyPrefix}*`);
  await redis.quit();
}
