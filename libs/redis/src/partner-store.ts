import type { Redis } from 'ioredis';
import { decodeJson, encodeJson } from './codec.js';
import { RedisKeys } from './keys.js';

export interface StoredPartner<A, L> {
  partnerId: string;
  /** 0 when the partner has never been written. */
  version: number;
  aggregate: A | null;
  /** Whatever the caller stores next to the aggregate (lifecycle state, snapshot digests). */
  meta: L | null;
  /** Designation events committed but not yet acknowledged by Kafka (left by a crash). */
  pendingOutbox: string[];
}

/** A partner read for an update; `unchanged` means "still the version you hold decoded". */
export type PartnerForUpdate<A, L> = (StoredPartner<A, L> & { unchanged: false; bytes: number }) | { partnerId: string; version: number; unchanged: true; pendingOutbox: string[] };

/**
 * Partner aggregates, lifecycle state and outboxes in Redis. Every write goes through the
 * commitPartner script: optimistic concurrency (a version per partner) makes a batch applied
 * twice around a rebalance harmless, and the outbox append is atomic with the state change.
 */
export class PartnerStore<A, L> {
  constructor(
    private readonly redis: Redis,
    readonly keys: RedisKeys,
  ) {}

  async load(partnerIds: readonly string[]): Promise<Map<string, StoredPartner<A, L>>> {
    const rows = await Promise.all(
      partnerIds.map(async (partnerId) => {
        const [fields, outbox] = await Promise.all([
          this.redis.hmgetBuffer(this.keys.partnerState(partnerId), 'agg', 'life', 'ver'),
          this.redis.lrange(this.keys.partnerOutbox(partnerId), 0, -1),
        ]);
        const [agg, life, ver] = fields;
        return {
          partnerId,
          version: ver ? Number(ver.toString()) : 0,
          aggregate: agg ? decodeJson<A>(agg) : null,
          meta: life ? (JSON.parse(life.toString('utf8')) as L) : null,
          pendingOutbox: outbox,
        } satisfies StoredPartner<A, L>;
      }),
    );
    return new Map(rows.map((r) => [r.partnerId, r]));
  }

  /**
   * Like load, for writers that keep decoded aggregates in memory: `heldVersion(id)` is the
   * version the caller holds (0 = none), and a partner still at that version comes back without
   * its aggregate and lifecycle (neither transferred nor decoded).
   */
  async loadForUpdate(partnerIds: readonly string[], heldVersion: (partnerId: string) => number): Promise<Map<string, PartnerForUpdate<A, L>>> {
    const rows = await Promise.all(
      partnerIds.map(async (partnerId): Promise<PartnerForUpdate<A, L>> => {
        const held = heldVersion(partnerId);
        const [ver, agg, life, ...outbox] = await this.redis.loadPartnerBuffer(this.keys.partnerState(partnerId), this.keys.partnerOutbox(partnerId), String(held));
        const version = ver ? Number(ver.toString()) : 0;
        const pendingOutbox = outbox.map((b) => b.toString('utf8'));
        if (held > 0 && version === held) return { partnerId, version, unchanged: true, pendingOutbox };
        return {
          partnerId,
          version,
          unchanged: false,
          bytes: agg?.length ?? 0,
          aggregate: agg && agg.length > 0 ? decodeJson<A>(agg) : null,
          meta: life && life.length > 0 ? (JSON.parse(life.toString('utf8')) as L) : null,
          pendingOutbox,
        };
      }),
    );
    return new Map(rows.map((r) => [r.partnerId, r]));
  }

  /**
   * Returns the new version and the encoded aggregate's size, or null when another writer got
   * there first (re-read and retry).
   */
  async commit(
    partnerId: string,
    expectedVersion: number,
    aggregate: A,
    meta: L,
    outbox: readonly string[],
  ): Promise<{ version: number; bytes: number } | null> {
    const encoded = encodeJson(aggregate);
    const result = await this.redis.commitPartner(
      this.keys.partnerState(partnerId),
      this.keys.partnerOutbox(partnerId),
      String(expectedVersion),
      encoded,
      JSON.stringify(meta),
      ...outbox,
    );
    return result < 0 ? null : { version: result, bytes: encoded.length };
  }

  async ackOutbox(partnerId: string, published: readonly string[]): Promise<number> {
    if (published.length === 0) return 0;
    return this.redis.ackOutbox(this.keys.partnerOutbox(partnerId), ...published);
  }

  async scheduleTimer(shard: number, partnerId: string, at: number | null): Promise<void> {
    if (at === null) await this.redis.zrem(this.keys.timers(shard), partnerId);
    else await this.redis.zadd(this.keys.timers(shard), at, partnerId);
  }

  async dueTimers(shard: number, now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.timers(shard), '-inf', now, 'LIMIT', 0, limit);
  }

  async nextTimer(shard: number): Promise<number | null> {
    const [, score] = await this.redis.zrange(this.keys.timers(shard), '0', '0', 'WITHSCORES');
    return score === undefined ? null : Number(score);
  }

  async rememberPartner(partnerId: string, firstSeen: number): Promise<void> {
    await this.redis.zadd(this.keys.partners(), 'NX', String(firstSeen), partnerId);
  }

  async setHolder(designationId: string, partnerId: string, grantedAt: number | null): Promise<void> {
    if (grantedAt === null) await this.redis.zrem(this.keys.holders(designationId), partnerId);
    else await this.redis.zadd(this.keys.holders(designationId), grantedAt, partnerId);
  }

  async holders(designationId: string, offset: number, limit: number): Promise<{ total: number; partnerIds: string[] }> {
    const key = this.keys.holders(designationId);
    const [total, partnerIds] = await Promise.all([this.redis.zcard(key), this.redis.zrange(key, String(offset), String(offset + limit - 1))]);
    return { total, partnerIds };
  }

  /** Partner ids with a non-empty outbox, found with SCAN (start-up recovery, never on the hot path). */
  async partnersWithPendingOutbox(): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', this.keys.outboxPattern(), 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const match = /:p:\{(.+)\}:outbox$/.exec(key);
        if (match?.[1]) found.push(match[1]);
      }
    } while (cursor !== '0');
    return found;
  }
}
