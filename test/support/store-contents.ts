import type { PartnerStore, RedisClient } from '@app/redis';
import { scanKeys } from '@app/redis';
import { markAllChanged, type PartnerAggregate, takeChanges } from '@app/scoring';

/** Every key of the prefix with what it holds (hash fields, sorted set members), to prove nothing was written. */
export async function storeContents(redis: RedisClient, prefix: string): Promise<Map<string, string>> {
  const contents = new Map<string, string>();
  const keys: string[] = [];
  await scanKeys(redis, `${prefix}*`, (found) => void keys.push(...found));
  for (const key of keys.sort()) {
    const type = await redis.type(key);
    if (type === 'hash') {
      const fields = await redis.hgetallBuffer(key);
      contents.set(
        key,
        JSON.stringify(
          Object.entries(fields)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([f, v]) => [f, v.toString('base64')]),
        ),
      );
    } else if (type === 'zset') {
      contents.set(key, JSON.stringify(await redis.zrange(key, '0', '-1', 'WITHSCORES')));
    } else contents.set(key, type);
  }
  return contents;
}

/** Writes the aggregates as a scorer's first commit would, listed in the given order (first seen 1, 2, ...). */
export async function storeAggregates(
  store: PartnerStore,
  aggregates: readonly PartnerAggregate[],
): Promise<void> {
  let firstSeen = 0;
  for (const agg of aggregates) {
    markAllChanged(agg);
    if ((await store.commit(agg.partnerId, 0, takeChanges(agg), null, [])) === null) {
      throw new Error(`partner ${agg.partnerId} was already stored`);
    }
    await store.rememberPartner(agg.partnerId, ++firstSeen);
  }
}
