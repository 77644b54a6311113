import { type CapscoreConfig, redisEnvironment } from '@app/config';
import type { TopicNames } from '@app/contracts';
import { createKafka, deleteTopics, type KafkaClient, topicRecordCount, totalConsumerLag } from '@app/kafka';
import { createLogger } from '@app/logging';
import { connectRedis, createRedis, deleteKeysMatching, type RedisClient } from '@app/redis';
import { createNamespaceTopics, dropNamespace, namespaceTopics } from '@app/testkit';
import type { ScorerSpec } from './scorer-process.js';

export type InputTopics = Pick<TopicNames, 'certifications' | 'revenue' | 'customerSuccess'>;
export type OutputTopics = Pick<TopicNames, 'designations' | 'scores' | 'dlq'>;

/**
 * Kafka and Redis of one bench run. Every topic, consumer group and Redis key it creates carries
 * the run id, and cleanup() removes exactly those (SCAN + DEL on the run's own prefix; the Redis
 * may be shared with other engineers' tests, so never FLUSH).
 */
export class BenchInfra {
  readonly kafka: KafkaClient;
  readonly redis: RedisClient;
  readonly keyPrefixRoot: string;
  private readonly created: string[] = [];

  constructor(
    readonly config: CapscoreConfig,
    readonly runId: string,
    readonly partitions: number,
  ) {
    const log = createLogger({
      app: 'bench',
      level: config.logLevel,
      format: config.logFormat,
      destination: 2,
    });
    this.kafka = createKafka(
      {
        brokers: config.kafka.brokers,
        clientId: 'capscore-bench',
        ssl: config.kafka.ssl,
        sasl: config.kafka.sasl,
      },
      log,
    );
    this.redis = createRedis(config.redis, { enableAutoPipelining: true });
    this.keyPrefixRoot = `capscore-bench:${runId}:`;
  }

  async connect(): Promise<void> {
    await connectRedis(this.redis);
  }

  keyPrefix(name: string): string {
    return `${this.keyPrefixRoot}${name}:`;
  }

  /** A scorer of this run on these topics, with a group and key prefix of its own named `name`. */
  scorerSpec(
    name: string,
    input: InputTopics,
    output: OutputTopics,
    clock: number | undefined,
    maxBatchEvents?: number,
  ): ScorerSpec {
    const spec: ScorerSpec = {
      name,
      brokers: this.config.kafka.brokers,
      redisEnv: redisEnvironment(this.config.redis),
      groupId: `bench-${this.runId}-${name}`,
      keyPrefix: this.keyPrefix(name),
      input,
      output,
    };
    if (clock !== undefined) spec.clock = clock;
    if (maxBatchEvents !== undefined) spec.maxBatchEvents = maxBatchEvents;
    return spec;
  }

  async inputTopics(name: string): Promise<InputTopics> {
    const { certifications, revenue, customerSuccess } = namespaceTopics(this.topicPrefix(name));
    return this.createTopics({ certifications, revenue, customerSuccess });
  }

  async outputTopics(name: string): Promise<OutputTopics> {
    const { designations, scores, dlq } = namespaceTopics(this.topicPrefix(name));
    return this.createTopics({ designations, scores, dlq });
  }

  private topicPrefix(name: string): string {
    return `bench-${this.runId}.${name}`;
  }

  // Replicated as `npm run infra` creates topics: on a three-broker cluster the bench then pays
  // for acks=all to three replicas, as production does. A broker busy creating the previous topics
  // sometimes answers a metadata request for the new ones with "does not host this
  // topic-partition"; a later attempt succeeds.
  private async createTopics<T extends Partial<TopicNames>>(topics: T): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        await createNamespaceTopics(this.kafka, topics, this.partitions);
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
    for (const t of Object.values<string>(topics)) if (!this.created.includes(t)) this.created.push(t);
    return topics;
  }

  /** Sum of the high watermarks of the topics: how many records a consumer from offset 0 sees. */
  recordCount(topics: readonly string[]): Promise<number> {
    return topicRecordCount(this.kafka, topics);
  }

  /** Records of `topics` not yet committed by `groupId`. */
  lag(groupId: string, topics: readonly string[]): Promise<number> {
    return totalConsumerLag(this.kafka, groupId, [...topics]);
  }

  /** Deletes every key under `prefix` (one of this run's prefixes), on every master of a cluster. */
  async deleteKeys(prefix: string): Promise<void> {
    if (!prefix.startsWith(this.keyPrefixRoot)) {
      throw new Error(`refusing to delete keys outside this run: ${prefix}`);
    }
    // UNLINK: a huge partner's value is freed in the background instead of blocking the shared Redis.
    await deleteKeysMatching(this.redis, `${prefix}*`);
  }

  /** Deletes topics this run created before the end of the run (a large shape's records fill the disk). */
  async deleteTopics(topics: readonly string[]): Promise<void> {
    const mine = topics.filter((t) => this.created.includes(t));
    if (mine.length === 0) return;
    await deleteTopics(this.kafka, mine);
    this.created.splice(0, this.created.length, ...this.created.filter((t) => !mine.includes(t)));
  }

  async cleanup(): Promise<void> {
    await dropNamespace(this.kafka, this.redis, { topics: this.created, keyPrefix: this.keyPrefixRoot });
    await this.redis.quit();
  }
}
