import type { RedisClient } from '@app/redis';

/**
 * Which eventIds were delivered, in Redis under the subscriber's own prefix, each for a bounded
 * time (TTL): `<prefix>delivered:<eventId>`. Kept outside the process, so a restarted subscriber
 * (or another member of its group after a rebalance) skips what was delivered before.
 */
export class DeliveryLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  key(eventId: string): string {
    return `${this.prefix}delivered:${eventId}`;
  }

  async wasDelivered(eventId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(eventId))) === 1;
  }

  async markDelivered(eventId: string): Promise<void> {
    await this.redis.set(this.key(eventId), new Date().toISOString(), 'EX', this.ttlSeconds);
  }
}
