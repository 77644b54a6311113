import { createHash } from 'node:crypto';
import {
  type FieldChanges,
  type PartnerAggregate,
  type PartnerMeta,
  decodePartnerMeta,
  encodePartnerMeta,
} from '@app/scoring';
import type { RedisClient } from './connection.js';
import { type IndexEntry, pageByPrefix, pageIndex } from './index-page.js';
import { indexShardOf, RedisKeys, type Worklist } from './keys.js';
import { scanKeys } from './nodes.js';
import { aggregateOf, LAYOUT, layoutOf } from './stored-layout.js';

export interface StoredPartner {
  partnerId: string;
  /** 0 when the partner has never been written. */
  version: number;
  /** The stored layout it was read from: an older one is converted in memory and rewritten at the next commit. */
  layout: StoredLayout;
  aggregate: PartnerAggregate | null;
  /** Lifecycle state, snapshot digests and the next timer (null before the first evaluation). */
  meta: PartnerMeta | null;
  /** Designation events committed but not yet acknowledged by Kafka (left by a crash). */
  pendingOutbox: string[];
}

/** A partner read for an update; `unchanged` means "still the version you hold decoded". */
export type PartnerForUpdate =
  | (StoredPartner & { unchanged: false; bytes: number })
  | { partnerId: string; version: number; unchanged: true; pendingOutbox: string[] };

/** Hash fields of the store itself (besides `ver` and LAYOUT); every other field belongs to the aggregate's stored form. */
const LIFECYCLE = 'life';

/**
 * Partner facts, lifecycle state and outboxes in Redis (layout 2). A partner is one hash: a field
 * per customer and per person (libs/scoring aggregate-codec.ts), so a change writes only what it
 * touched. Every write goes through the commitPartner script: optimistic concurrency (a version
 * per partner) makes a batch applied twice around a rebalance harmless, and the outbox append is
 * atomic with the state change.
 */
export class PartnerStore {
  constructor(
    private readonly redis: RedisClient,
    readonly keys: RedisKeys,
  ) {}

  async load(partnerIds: readonly string[]): Promise<Map<string, StoredPartner>> {
    const rows = await this.loadForUpdate(partnerIds, () => 0);
    const out = new Map<string, StoredPartner>();
    for (const [id, row] of rows) {
      if (row.unchanged) throw new Error(`unreachable: ${id} read as unchanged without a held version`);
      const { unchanged: _unchanged, bytes: _bytes, ...stored } = row;
      out.set(id, stored);
    }
    return out;
  }

  /**
   * Like load, for writers that keep decoded aggregates in memory: `heldVersion(id)` is the
   * version the caller holds (0 = none), and a partner still at that version comes back without
   * its facts (neither transferred nor decoded).
   */
  async loadForUpdate(
    partnerIds: readonly string[],
    heldVersion: (partnerId: string) => number,
  ): Promise<Map<string, PartnerForUpdate>> {
    const rows = await Promise.all(
      partnerIds.map(async (partnerId): Promise<PartnerForUpdate> => {
        const held = heldVersion(partnerId);
        const reply = await this.redis.loadPartnerBuffer(
          this.keys.partnerState(partnerId),
          this.keys.partnerOutbox(partnerId),
          String(held),
        );
        const version = Number(reply[0]?.toString() ?? '0');
        const outboxLength = Number(reply[1]?.toString() ?? '0');
        const pendingOutbox = reply.slice(2, 2 + outboxLength).map((b) => b.toString('utf8'));
        if (held > 0 && version === held) return { partnerId, version, unchanged: true, pendingOutbox };
        const fields = new Map<string, Buffer>();
        let bytes = 0;
        for (let i = 2 + outboxLength; i + 1 < reply.length; i += 2) {
          const value = reply[i + 1] as Buffer;
          fields.set((reply[i] as Buffer).toString('utf8'), value);
          bytes += value.length;
        }
        const life = fields.get(LIFECYCLE);
        return {
          partnerId,
          version,
          layout: layoutOf(fields),
          unchanged: false,
          bytes,
          aggregate: version === 0 ? null : aggregateOf(partnerId, fields),
          meta: life && life.length > 0 ? decodePartnerMeta(life.toString('utf8')) : null,
          pendingOutbox,
        };
      }),
    );
    return new Map(rows.map((r) => [r.partnerId, r]));
  }

  /**
   * Writes the changed fields, the meta, the history records (field, record: see commitPartner)
   * and the outbox entries. Returns the new version and the bytes written, or null when another
   * writer got there first (re-read and retry).
   */
  async commit(
    partnerId: string,
    expectedVersion: number,
    changes: FieldChanges,
    meta: PartnerMeta | null,
    outbox: readonly string[],
    history: readonly (readonly [field: string, record: Buffer])[] = [],
  ): Promise<{ version: number; bytes: number } | null> {
    const args: (string | Buffer)[] = [];
    let bytes = 0;
    for (const [field, value] of changes.set) {
      args.push(field, value);
      bytes += value.length;
    }
    args.push(...changes.del);
    for (const [field, record] of history) args.push(field, record);
    args.push(...outbox);
    const result = await this.redis.commitPartner(
      this.keys.partnerState(partnerId),
      this.keys.partnerOutbox(partnerId),
      String(expectedVersion),
      meta ? encodePartnerMeta(meta) : '',
      String(changes.set.length),
      String(changes.del.length),
      String(history.length),
      ...args,
    );
    return result < 0 ? null : { version: result, bytes };
  }

  async ackOutbox(partnerId: string, published: readonly string[]): Promise<number> {
    if (published.length === 0) return 0;
    return this.redis.ackOutbox(
      this.keys.partnerOutbox(partnerId),
      ...published.map((entry) => createHash('sha1').update(entry, 'utf8').digest('hex')),
    );
  }

  /** Pending outbox entries only (start-up recovery reads no facts). */
  async pendingOutboxes(partnerIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await Promise.all(
      partnerIds.map(
        async (id) => [id, await this.redis.lrange(this.keys.partnerOutbox(id), 0, -1)] as const,
      ),
    );
    return new Map(rows);
  }

  async scheduleTimer(shard: number, partnerId: string, at: number | null): Promise<void> {
    if (at === null) await this.redis.zrem(this.keys.timers(shard), partnerId);
    else await this.redis.zadd(this.keys.timers(shard), at, partnerId);
  }

  /**
   * Moves up to `limit` of the partition's timers that are later than `at` to `at`, atomically;
   * returns how many moved (fewer than `limit`: none later is left).
   */
  async pullTimersForward(shard: number, at: number, limit: number): Promise<number> {
    return this.redis.pullTimersForward(this.keys.timers(shard), String(at), String(limit));
  }

  async dueTimers(shard: number, now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.timers(shard), '-inf', now, 'LIMIT', 0, limit);
  }

  async nextTimer(shard: number): Promise<number | null> {
    const [, score] = await this.redis.zrange(this.keys.timers(shard), '0', '0', 'WITHSCORES');
    return score === undefined ? null : Number(score);
  }

  /** Bytes of the partner's stored facts (every fact field) and of its lifecycle meta, for benchmarks. */
  async storedBytes(partnerId: string): Promise<{ facts: number; meta: number }> {
    const fields = await this.redis.hgetallBuffer(this.keys.partnerState(partnerId));
    let facts = 0;
    for (const [field, value] of Object.entries(fields)) {
      if (field !== 'ver' && field !== LAYOUT && field !== LIFECYCLE) facts += value.length;
    }
    return { facts, meta: fields[LIFECYCLE]?.length ?? 0 };
  }

  /** A page of every partner ever seen, oldest first, and the total (store-wide commands). */
  async partnerPage(offset: number, limit: number): Promise<{ total: number; partnerIds: string[] }> {
    return this.page(this.keys.partners(), offset, limit);
  }

  /**
   * Every stored partner's facts, a page of the partner list at a time (by first seen), for
   * reports over the whole store that keep only what they need of each page. `read` counts the
   * partners listed so far, those never committed (no facts, not in `aggregates`) included.
   */
  async *aggregatePages(
    pageSize: number,
  ): AsyncGenerator<{ aggregates: PartnerAggregate[]; read: number; total: number }> {
    const { total } = await this.partnerPage(0, 1);
    let read = 0;
    for (let offset = 0; ; offset += pageSize) {
      const { partnerIds } = await this.partnerPage(offset, pageSize);
      if (partnerIds.length === 0) return;
      const aggregates: PartnerAggregate[] = [];
      for (const row of (await this.load(partnerIds)).values()) {
        if (row.aggregate) aggregates.push(row.aggregate);
      }
      read += partnerIds.length;
      yield { aggregates, read: Math.min(read, total), total };
    }
  }

  /** Every partner ever seen, by first seen, after a position (cursor paging), and the total. */
  async partnersAfter(
    position: IndexEntry | undefined,
    limit: number,
  ): Promise<{ total: number; entries: IndexEntry[]; next: IndexEntry | null }> {
    const [total, page] = await Promise.all([
      this.redis.zcard(this.keys.partners()),
      pageIndex(this.redis, [this.keys.partners()], position, limit),
    ]);
    return { total, ...page };
  }

  /** Partner ids starting with `prefix` (any partner ever seen), in byte order, after `afterId`. */
  async searchPartners(
    prefix: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<{ partnerIds: string[]; next: string | null }> {
    const { members, next } = await pageByPrefix(
      this.redis,
      this.keys.allPartnerIds(),
      prefix,
      afterId,
      limit,
    );
    return { partnerIds: members, next };
  }

  async rememberPartner(partnerId: string, firstSeen: number): Promise<void> {
    await Promise.all([
      this.redis.zadd(this.keys.partners(), 'NX', String(firstSeen), partnerId),
      this.redis.zadd(this.keys.partnerIds(indexShardOf(partnerId)), 'NX', '0', partnerId),
    ]);
  }

  async setHolder(designationId: string, partnerId: string, grantedAt: number | null): Promise<void> {
    if (grantedAt === null) await this.redis.zrem(this.keys.holders(designationId), partnerId);
    else await this.redis.zadd(this.keys.holders(designationId), grantedAt, partnerId);
  }

  /** Puts a partner on a worklist of a designation with its sort score, or takes it off (null). */
  async setWorklist(
    list: Worklist,
    designationId: string,
    partnerId: string,
    score: number | null,
  ): Promise<void> {
    const key = this.keys.worklist(list, designationId, indexShardOf(partnerId));
    if (score === null) await this.redis.zrem(key, partnerId);
    else await this.redis.zadd(key, score, partnerId);
  }

  /** A page of a worklist of a designation (all shards merged) after a position, up to `max`. */
  async worklistPage(
    list: Worklist,
    designationId: string,
    position: IndexEntry | undefined,
    limit: number,
    max?: number,
  ): Promise<{ entries: IndexEntry[]; next: IndexEntry | null }> {
    return pageIndex(
      this.redis,
      this.keys.allWorklist(list, designationId),
      position,
      limit,
      max === undefined ? '+inf' : String(max),
    );
  }

  /** The stored meta (`life`) of each partner, null where there is none. */
  async metas(partnerIds: readonly string[]): Promise<Map<string, PartnerMeta | null>> {
    const rows = await Promise.all(
      partnerIds.map(
        async (id) => [id, await this.redis.hget(this.keys.partnerState(id), LIFECYCLE)] as const,
      ),
    );
    return new Map(rows.map(([id, life]) => [id, life ? decodePartnerMeta(life) : null]));
  }

  /** Holders of a designation by grant time after a position (cursor paging), and their count. */
  async holders(
    designationId: string,
    position: IndexEntry | undefined,
    limit: number,
  ): Promise<{ total: number; entries: IndexEntry[]; next: IndexEntry | null }> {
    const key = this.keys.holders(designationId);
    const [total, page] = await Promise.all([
      this.redis.zcard(key),
      pageIndex(this.redis, [key], position, limit),
    ]);
    return { total, ...page };
  }

  /** A page of a sorted set of partner ids, in score order, and its size. */
  private async page(
    key: string,
    offset: number,
    limit: number,
  ): Promise<{ total: number; partnerIds: string[] }> {
    const [total, partnerIds] = await Promise.all([
      this.redis.zcard(key),
      this.redis.zrange(key, String(offset), String(offset + limit - 1)),
    ]);
    return { total, partnerIds };
  }

  /**
   * Partner ids with a non-empty outbox, found with SCAN on every master (start-up recovery,
   * never on the hot path).
   */
  async partnersWithPendingOutbox(): Promise<string[]> {
    const found: string[] = [];
    await scanKeys(this.redis, this.keys.outboxPattern(), (keys) => {
      for (const key of keys) {
        const match = /:p:\{(.+)\}:outbox$/.exec(key);
        if (match?.[1]) found.push(match[1]);
      }
    });
    return found;
  }
}

/**
 * Layouts this version reads: 1 (one deflated JSON field, before 2026-11-28), 2 (a field per
 * customer and person with 8-byte eventId digests) and 3 (the current one, AGGREGATE_LAYOUT:
 * shorter digests, README "Partner state in Redis").
 */
export type StoredLayout = 1 | 2 | 3;
