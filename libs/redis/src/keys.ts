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

  /** Every partner ever seen (score = first seen), for listings and rebuild checks. */
  partners(): string {
    return `${this.prefix}partners`;
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
