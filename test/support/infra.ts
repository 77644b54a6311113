import { createLogger } from '@app/logging';
import { randomUUID } from 'node:crypto';
import { topicEnvironment } from '@app/config';
import type { TopicNames } from '@app/contracts';
import { createKafka, type KafkaClient, type TopicReplication } from '@app/kafka';
import { createRedis } from '@app/redis';
import { createNamespaceTopics, dropNamespace as dropRun, namespaceTopics } from '@app/testkit';

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

export function testKafka(clientId = 'capscore-test', at: string[] = brokers()): KafkaClient {
  return createKafka(
    { clientId, brokers: at, ssl: false, silent: true },
    createLogger({ app: 'test', level: 'error', format: 'json', destination: 2 }),
  );
}

/** Where a namespace lives when not on the suite's one broker and one Redis server. */
export interface NamespaceTarget {
  /** Bootstrap brokers of another Kafka (e.g. a test's own three-broker cluster). */
  brokers?: string[];
  /** Topics' replication factor and min.insync.replicas (default: as many replicas as brokers, up to 3). */
  replication?: TopicReplication;
  /** Environment naming another Redis, e.g. { REDIS_URL: '', REDIS_CLUSTER_NODES: '...' }. */
  redisEnv?: Record<string, string>;
}

/** A private namespace for one test: its own topics, consumer group and Redis key prefix. */
export interface TestNamespace {
  id: string;
  topics: TopicNames;
  groupId: string;
  keyPrefix: string;
  partitions: number;
  /** Environment for a scorer or api process of this namespace. */
  env: Record<string, string>;
}

/** Creates a namespace: its topics exist (with leaders) when this resolves. */
export async function createNamespace(partitions = 4, target: NamespaceTarget = {}): Promise<TestNamespace> {
  const at = target.brokers ?? brokers();
  const id = randomUUID().slice(0, 8);
  const topics = namespaceTopics(`t-${id}`);
  await createNamespaceTopics(testKafka('capscore-test', at), topics, partitions, target.replication);
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
      ...topicEnvironment(topics),
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    },
  };
}

/** Deletes the namespace's topics and Redis keys (SCAN + UNLINK on its own prefix, never FLUSH). */
export async function dropNamespace(ns: TestNamespace): Promise<void> {
  const redis = createRedis(redisUrl());
  await redis.connect();
  try {
    await dropRun(testKafka(), redis, { topics: Object.values(ns.topics), keyPrefix: ns.keyPrefix });
  } finally {
    await redis.quit();
  }
}
