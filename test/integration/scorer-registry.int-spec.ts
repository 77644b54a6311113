import { randomUUID } from 'node:crypto';
import {
  connectRedis,
  createRedis,
  deleteKeysMatching,
  HEARTBEAT_TTL_S,
  RedisKeys,
  type RedisClient,
  ScorerRegistry,
  StoreHealth,
} from '@app/redis';
import { redisUrl } from '../support/infra.js';

/**
 * The scorers' heartbeats through libs/redis's ScorerRegistry, on the real (shared) Redis under a
 * prefix of this test's own: what a scorer announces, what the api's readiness reads.
 */
describe(`${ScorerRegistry.name} (real Redis)`, () => {
  const prefix = `capscore-test:registry-${randomUUID().slice(0, 8)}:`;
  let redis: RedisClient;
  let registry: ScorerRegistry;

  beforeAll(async () => {
    redis = createRedis(redisUrl());
    await connectRedis(redis);
    registry = new ScorerRegistry(redis, new RedisKeys(prefix));
  });
  afterAll(async () => {
    await deleteKeysMatching(redis, `${prefix}*`);
    await redis.quit();
  });

  it('lists the instances that beat within the TTL, with their shards, and forgets one that left', async () => {
    const now = Date.now();
    await registry.beat({ instanceId: 'scorer-a', shards: [0, 1], at: now });
    await registry.beat({ instanceId: 'scorer-b', shards: [], at: now - 1000 });
    const live = await registry.live(now);
    expect(live.map((h) => [h.instanceId, h.shards]).sort()).toEqual([
      ['scorer-a', [0, 1]],
      ['scorer-b', []],
    ]);
    const ttl = await redis.ttl(`${prefix}scorer:scorer-a`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(HEARTBEAT_TTL_S);

    await registry.leave('scorer-a');
    expect((await registry.live(now)).map((h) => h.instanceId)).toEqual(['scorer-b']);
  });

  it('does not count an instance whose last beat is older than the TTL', async () => {
    const now = Date.now();
    await registry.beat({ instanceId: 'scorer-old', shards: [2], at: now - (HEARTBEAT_TTL_S + 5) * 1000 });
    expect((await registry.live(now)).map((h) => h.instanceId)).not.toContain('scorer-old');
  });

  it('reports the store healthy while Redis answers', async () => {
    expect(await new StoreHealth(redis).check()).toEqual({ ok: true, problems: [] });
  });
});
