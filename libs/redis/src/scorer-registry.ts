import type { RedisClient } from './connection.js';
import type { RedisKeys } from './keys.js';

/**
 * Seconds a scorer's heartbeat stays visible. Scorers beat three times per period, so an
 * instance is taken for gone after about three missed beats (a crash, a partition, a pause).
 */
export const HEARTBEAT_TTL_S = 15;

/** What a scorer announces on each beat. */
export interface ScorerHeartbeat {
  instanceId: string;
  /** The partitions (= index shards) it owns now; empty while it waits for an assignment. */
  shards: number[];
  at: number;
}

/**
 * The live scorers, as the api's readiness check and the scorers themselves see them: one
 * heartbeat key per instance (with a TTL) and a sorted set of instance ids by last beat. The
 * only code that reads or writes those keys.
 */
export class ScorerRegistry {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** This instance is alive and owns `shards`; visible for HEARTBEAT_TTL_S seconds. */
  async beat(heartbeat: ScorerHeartbeat): Promise<void> {
    await Promise.all([
      this.redis.set(
        this.keys.scorerHeartbeat(heartbeat.instanceId),
        JSON.stringify(heartbeat),
        'EX',
        HEARTBEAT_TTL_S,
      ),
      this.redis.zadd(this.keys.scorers(), String(heartbeat.at), heartbeat.instanceId),
    ]);
  }

  /** A graceful stop: the instance disappears at once instead of after the TTL. */
  async leave(instanceId: string): Promise<void> {
    await Promise.all([
      this.redis.del(this.keys.scorerHeartbeat(instanceId)),
      this.redis.zrem(this.keys.scorers(), instanceId),
    ]);
  }

  /** The heartbeats of instances that beat within the last HEARTBEAT_TTL_S seconds before `now`. */
  async live(now: number): Promise<ScorerHeartbeat[]> {
    const recent = await this.redis.zrangebyscore(this.keys.scorers(), now - HEARTBEAT_TTL_S * 1000, '+inf');
    // One GET per heartbeat key, not MGET: on a cluster the keys are in different slots.
    const beats = await Promise.all(recent.map((id) => this.redis.get(this.keys.scorerHeartbeat(id))));
    return beats.filter((b): b is string => b !== null).map((b) => JSON.parse(b) as ScorerHeartbeat);
  }
}
