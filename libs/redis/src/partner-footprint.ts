import type { RedisClient, RedisNode } from './connection.js';
import type { RedisKeys } from './keys.js';
import { scanKeys } from './nodes.js';

/**
 * What one partner costs in Redis, for benchmarks. It finds the partner's keys by their hash tag
 * rather than by naming them, so it keeps measuring the same thing when the key layout changes
 * (more keys per partner, other suffixes). SCAN walks the whole keyspace (every master of a
 * cluster; the partner's keys share a slot, so they are on one node and measured there): never on
 * the hot path.
 */
export interface PartnerFootprint {
  keys: number;
  /** MEMORY USAGE (SAMPLES 0) summed over the partner's keys. */
  bytes: number;
  /** The largest single value: a hash's longest field value, another type's MEMORY USAGE. */
  largestValueBytes: number;
}

/** Escapes SCAN MATCH glob syntax (`* ? [ ] \`), so that an id matches only itself. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

async function largestHashValue(redis: RedisNode, key: string): Promise<number> {
  let largest = 0;
  let cursor = '0';
  do {
    // HSCAN returns the values too (NOVALUES needs Redis 7.4); the Buffer variant spares decoding them.
    const [next, flat] = await redis.hscanBuffer(key, cursor, 'COUNT', 100);
    cursor = next.toString();
    for (let i = 0; i < flat.length; i += 2) {
      largest = Math.max(largest, await redis.hstrlen(key, flat[i] as Buffer));
    }
  } while (cursor !== '0');
  return largest;
}

export async function partnerFootprint(
  redis: RedisClient,
  keys: RedisKeys,
  partnerId: string,
): Promise<PartnerFootprint> {
  const pattern = `${globEscape(keys.prefix)}*{${globEscape(partnerId)}}*`;
  const footprint: PartnerFootprint = { keys: 0, bytes: 0, largestValueBytes: 0 };
  await scanKeys(redis, pattern, async (found, node) => {
    for (const key of found) {
      const type = await node.type(key);
      if (type === 'none') continue; // deleted since SCAN saw it
      const usage = Number((await node.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
      footprint.keys++;
      footprint.bytes += usage;
      footprint.largestValueBytes = Math.max(
        footprint.largestValueBytes,
        type === 'hash' ? await largestHashValue(node, key) : usage,
      );
    }
  });
  return footprint;
}

/** The partner's write version (field `ver` of its state hash; 0 when never written). */
export async function partnerVersion(
  redis: RedisClient,
  keys: RedisKeys,
  partnerId: string,
): Promise<number> {
  const ver = await redis.hget(keys.partnerState(partnerId), 'ver');
  return ver === null ? 0 : Number(ver);
}
