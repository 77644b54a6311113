import type { RedisClient } from './connection.js';

/** An entry of a sorted-set index: the member (a partner id) and its sort score. */
export interface IndexEntry {
  score: number;
  member: string;
}

/** Redis's own order of a sorted set: by score, then by member bytes (partner ids are ASCII). */
const compareEntries = (a: IndexEntry, b: IndexEntry) =>
  a.score - b.score || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0);
const isAfter = (e: IndexEntry, position: IndexEntry) => compareEntries(e, position) > 0;

/**
 * Up to `count` entries of one sorted set that come after `position` (all from the start without
 * one) with a score up to `max`. ZRANGEBYSCORE starts at the position's score; the members of that
 * score up to the position itself are skipped, reading on while a whole chunk was skipped (many
 * equal scores).
 */
async function entriesAfter(
  redis: RedisClient,
  key: string,
  position: IndexEntry | undefined,
  count: number,
  max: string,
): Promise<IndexEntry[]> {
  const out: IndexEntry[] = [];
  const chunk = count + 32;
  for (let offset = 0; ; offset += chunk) {
    const flat = await redis.zrangebyscore(
      key,
      position ? String(position.score) : '-inf',
      max,
      'WITHSCORES',
      'LIMIT',
      offset,
      chunk,
    );
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const entry = { member: flat[i] as string, score: Number(flat[i + 1]) };
      if (position && !isAfter(entry, position)) continue;
      out.push(entry);
      if (out.length === count) return out;
    }
    if (flat.length < chunk * 2) return out;
  }
}

/**
 * One page of an index kept as one or more sorted sets (shards: a global index split so that no
 * single Redis Cluster slot holds it all), merged in (score, member) order: the first `limit`
 * entries after `position`, and the position to continue from when there are more. Paging by
 * position keeps a page stable while entries come and go.
 */
export async function pageIndex(
  redis: RedisClient,
  keys: readonly string[],
  position: IndexEntry | undefined,
  limit: number,
  max = '+inf',
): Promise<{ entries: IndexEntry[]; next: IndexEntry | null }> {
  const perKey = await Promise.all(keys.map((key) => entriesAfter(redis, key, position, limit + 1, max)));
  const merged = perKey.flat().sort(compareEntries);
  const entries = merged.slice(0, limit);
  return { entries, next: merged.length > limit ? (entries[entries.length - 1] ?? null) : null };
}

/** Above every character of a partner id ([A-Za-z0-9._:-]): the end of a prefix's lexical range. */
const AFTER_ID_CHARS = '\x7f';

/**
 * Members starting with `prefix`, in byte order, after `afterMember`, over lexically ordered
 * shards (every score 0): the first `limit` and whether there are more.
 */
export async function pageByPrefix(
  redis: RedisClient,
  keys: readonly string[],
  prefix: string,
  afterMember: string | undefined,
  limit: number,
): Promise<{ members: string[]; next: string | null }> {
  const min = afterMember !== undefined && afterMember.startsWith(prefix) ? `(${afterMember}` : `[${prefix}`;
  const perKey = await Promise.all(
    keys.map((key) => redis.zrangebylex(key, min, `(${prefix}${AFTER_ID_CHARS}`, 'LIMIT', 0, limit + 1)),
  );
  const merged = perKey.flat().sort();
  const members = merged.slice(0, limit);
  return { members, next: merged.length > limit ? (members[members.length - 1] ?? null) : null };
}
