import type { CapscoreConfig } from '@app/config';
import {
  ClockStore,
  connectRedis,
  createRedis,
  describeRedisTarget,
  type RedisClient,
  RedisKeys,
} from '@app/redis';
import { CommandFailure } from '../io.js';

/** The store's Redis as online commands use it: connected, with the configured key prefix. */
export interface StoreSession {
  redis: RedisClient;
  keys: RedisKeys;
  /** The pipeline's now: the shared fixed clock (CAPSCORE_CLOCK, as moved through the api) or the system clock. */
  now: () => Promise<number>;
}

/**
 * Connects to REDIS_URL / REDIS_CLUSTER_NODES, runs `work` and disconnects. An unreachable Redis
 * is a CommandFailure naming the target, not a stack trace; requests fail after 3 retries instead
 * of queueing for ever.
 */
export async function withStore<T>(
  config: CapscoreConfig,
  work: (session: StoreSession) => Promise<T>,
): Promise<T> {
  const redis = createRedis(config.redis, { maxRetriesPerRequest: 3 });
  try {
    await connectRedis(redis);
  } catch (error) {
    redis.disconnect();
    throw new CommandFailure(
      `cannot reach ${describeRedisTarget(config.redis)} (${(error as Error).message})`,
    );
  }
  try {
    const keys = new RedisKeys(config.redis.keyPrefix);
    return await work({ redis, keys, now: () => new ClockStore(redis, keys).now(config.fixedClock) });
  } finally {
    redis.disconnect();
  }
}
