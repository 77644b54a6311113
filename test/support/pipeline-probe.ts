import { totalConsumerLag } from '@app/kafka';
import {
  createRedis,
  PartnerHistoryStore,
  PartnerStore,
  RedisKeys,
  type RedisClient,
  type RedisTarget,
  type ScorerHeartbeat,
  ScorerRegistry,
} from '@app/redis';
import type { PartnerAggregate, PartnerMeta } from '@app/scoring';
import { redisUrl, testKafka, type TestNamespace } from './infra.js';

/** Reads what the pipeline wrote, for assertions (never writes). */
export class PipelineProbe {
  readonly redis: RedisClient;
  readonly store: PartnerStore;
  readonly history: PartnerHistoryStore;
  private readonly registry: ScorerRegistry;

  /** `redis`: where the apps under test write (default: the suite's one server, REDIS_URL). */
  constructor(
    private readonly ns: TestNamespace,
    redis: RedisTarget = redisUrl(),
  ) {
    this.redis = createRedis(redis);
    const keys = new RedisKeys(ns.keyPrefix);
    this.store = new PartnerStore(this.redis, keys);
    this.history = new PartnerHistoryStore(this.redis, keys);
    this.registry = new ScorerRegistry(this.redis, keys);
  }

  async connect(): Promise<void> {
    await this.redis.connect();
  }

  async close(): Promise<void> {
    // QUIT fails on a node a test killed; disconnect() then stops the client reconnecting to it
    // for ever, which can keep jest from exiting after the clusters test.
    await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }

  async partners(partnerIds: readonly string[]) {
    const result = new Map<
      string,
      {
        version: number;
        aggregate: PartnerAggregate | null;
        meta: PartnerMeta | null;
        pendingOutbox: string[];
      }
    >();
    for (let i = 0; i < partnerIds.length; i += 500) {
      for (const [id, row] of await this.store.load(partnerIds.slice(i, i + 500))) result.set(id, row);
    }
    return result;
  }

  /** The scorers that announced themselves within the heartbeat TTL, with the partitions they own. */
  liveScorers(): Promise<ScorerHeartbeat[]> {
    return this.registry.live(Date.now());
  }

  /** Records of the input topics not yet committed by the scorer group. */
  lag(): Promise<number> {
    const { certifications, revenue, customerSuccess } = this.ns.topics;
    return totalConsumerLag(
      testKafka('capscore-test', (this.ns.env.KAFKA_BROKERS ?? '').split(',')),
      this.ns.groupId,
      [certifications, revenue, customerSuccess],
    );
  }
}
