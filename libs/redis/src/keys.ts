/** The worklists kept as cross-partner indexes (issue 14 item 2). */
export type Worklist = 'at-risk' | 'near-miss' | 'expiring';

/**
 * Shards of each global index that grows with the partner count (the partner-id index, each
 * worklist per designation): a key is one Cluster slot, so an index of 500,000 partners in one key
 * would sit on one node. 16 shards spread it over any cluster of up to 16 masters; a page read
 * asks all 16 (one pipelined round trip per node) and merges.
 */
export const INDEX_SHARDS = 16;

/** FNV-1a over the id's UTF-16 code units: a stable, cheap shard choice (not a security hash). */
export function indexShardOf(partnerId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < partnerId.length; i++) {
    h ^= partnerId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % INDEX_SHARDS;
}

const allShards = (key: (shard: number) => string) =>
  Array.from({ length: INDEX_SHARDS }, (_, shard) => key(shard));

/**
 * Every key of one partner carries the hash tag {partnerId}, so a partner's keys share one
 * Redis Cluster slot and one Lua script can update them atomically. Global keys (timers,
 * holder indexes, the fixed clock) are never touched by the same script as partner keys.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  partnerState(partnerId: string): string {
    return `${this.prefix}p:{${partnerId}}`;
  }

  partnerOutbox(partnerId: string): string {
    return `${this.prefix}p:{${partnerId}}:outbox`;
  }

  /** Partners due for a timer evaluation, sharded by the Kafka partition that owns them. */
  timers(shard: number): string {
    return `${this.prefix}timers:${shard}`;
  }

  /** Partners holding a designation (score = grantedAt), for GET /designations/{id}/partners. */
  holders(designationId: string): string {
    return `${this.prefix}holders:${designationId}`;
  }

  /** A background job of the api (a report over every partner): status, progress, result; expires. */
  job(jobId: string): string {
    return `${this.prefix}job:${jobId}`;
  }

  /** Every partner ever seen (score = first seen), for listings and rebuild checks. */
  partners(): string {
    return `${this.prefix}partners`;
  }

  /** Every partner id, score 0 (lexical order), sharded: partner search by id prefix. */
  partnerIds(shard: number): string {
    return `${this.prefix}partner-ids:${shard}`;
  }

  allPartnerIds(): string[] {
    return allShards((shard) => this.partnerIds(shard));
  }

  /**
   * A worklist of one designation, sharded by partner (score: the list's sort order); a list of
   * partners rather than designations (expiring certifications) has designationId ''.
   */
  worklist(list: Worklist, designationId: string, shard: number): string {
    return designationId === ''
      ? `${this.prefix}wl:${list}:${shard}`
      : `${this.prefix}wl:${list}:${designationId}:${shard}`;
  }

  allWorklist(list: Worklist, designationId: string): string[] {
    return allShards((shard) => this.worklist(list, designationId, shard));
  }

  fixedClock(): string {
    return `${this.prefix}clock`;
  }

  /** Scorer instances by last heartbeat (ms); readiness looks for a recent one. */
  scorers(): string {
    return `${this.prefix}scorers`;
  }

  scorerHeartbeat(instanceId: string): string {
    return `${this.prefix}scorer:${instanceId}`;
  }

  /** Pattern matching every partner outbox (SCAN at start-up for outboxes left by a crash). */
  outboxPattern(): string {
    return `${this.prefix}p:{*}:outbox`;
  }
}
