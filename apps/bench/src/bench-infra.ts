import { type CapscoreConfig, redisEnvironment } from '@app/config';
import { consumerLag, createKafka, createTopics, deleteTopics, type KafkaClient, topicOffsets } from '@app/kafka';
import { createLogger } from '@app/logging';
import { connectRedis, createRedis, deleteKeysMatching, type RedisClient } from '@app/redis';
import type { ScorerSpec } from './scorer-process.js';

export interface InputTopics {
  certifications: string;
  revenue: string;
  customerSuccess: string;
}

export interface OutputTopics {
  designations: string;
  scores: string;
  dlq: string;
}

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
    const log = createLogger({ app: 'bench', level: config.logLevel, format: config.logFormat, destination: 2 });
    this.kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'capscore-bench', ssl: config.kafka.ssl, sasl: config.kafka.sasl }, log);
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
  scorerSpec(name: string, input: InputTopics, output: OutputTopics, clock: number, maxBatchEvents?: number): ScorerSpec {
    const spec: ScorerSpec = { name, brokers: this.config.kafka.brokers, redisEnv: redisEnvironment(this.config.redis), groupId: `bench-${this.runId}-${name}`, keyPrefix: this.keyPrefix(name), input, output, clock };
    if (maxBatchEvents !== undefined) spec.maxBatchEvents = maxBatchEvents;
    return spec;
  }

  async inputTopics(name: string): Promise<InputTopics> {
    const t = { certifications: this.topic(name, 'certifications'), revenue: this.topic(name, 'revenue'), customerSuccess: this.topic(name, 'customer-success') };
    await this.createTopics(Object.values(t), false);
    return t;
  }

  async outputTopics(name: string): Promise<OutputTopics> {
    const t = { designations: this.topic(name, 'designations'), scores: this.topic(name, 'scores'), dlq: this.topic(name, 'dlq') };
    await this.createTopics([t.designations, t.dlq], false);
    await this.createTopics([t.scores], true);
    return t;
  }

  private topic(name: string, role: string): string {
    return `bench-${this.runId}.${name}.${role}`;
  }

  private async createTopics(topics: string[], compacted: boolean): Promise<void> {
    // A broker busy creating the previous topics sometimes answers a metadata request for the
    // new ones with "does not host this topic-partition"; a later attempt succeeds.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.createTopicsOnce(topics, compacted);
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  }

  private async createTopicsOnce(topics: string[], compacted: boolean): Promise<void> {
    await createTopics(this.kafka, topics, { partitions: this.partitions, compacted });
    for (const t of topics) if (!this.created.includes(t)) this.created.push(t);
  }

  /** Sum of the high watermarks of the topics: how many records a consumer from offset 0 sees. */
  async recordCount(topics: readonly string[]): Promise<number> {
    let total = 0;
    for (const topic of topics) for (const p of await topicOffsets(this.kafka, topic)) total += Number(p.high) - Number(p.low);
    return total;
  }

  /** Records of `topics` not yet committed by `groupId`. */
  async lag(groupId: string, topics: readonly string[]): Promise<number> {
    return (await consumerLag(this.kafka, groupId, [...topics])).reduce((sum, p) => sum + p.lag, 0);
  }

  /** Deletes every key under `prefix` (one of this run's prefixes), on every master of a cluster. */
  async deleteKeys(prefix: string): Promise<void> {
    if (!prefix.startsWith(this.keyPrefixRoot)) throw new Error(`refusing to delete keys outside this run: ${prefix}`);
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
    if (this.created.length > 0) await deleteTopics(this.kafka, this.created).catch(() => undefined);
    await this.deleteKeys(this.keyPrefixRoot);
    await this.redis.quit();
  }
}
