import { hostname } from 'node:os';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { REDIS } from '@app/platform';
import { RedisKeys, type RedisClient } from '@app/redis';
import { InputConsumerService } from './consumer/input-consumer.service.js';

/** Seconds a scorer heartbeat stays visible; three missed beats mark the instance gone. */
const HEARTBEAT_TTL_S = 15;

/** Publishes "this scorer is alive and owns these partitions" for the api's readiness check. */
@Injectable()
export class ScorerStatusService implements OnApplicationShutdown {
  readonly instanceId = `${hostname()}-${process.pid}`;
  private handle?: NodeJS.Timeout;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly consumer: InputConsumerService,
  ) {}

  start(): void {
    const beat = () =>
      Promise.all([
        this.redis.set(
          this.keys.scorerHeartbeat(this.instanceId),
          JSON.stringify({ instanceId: this.instanceId, shards: this.consumer.ownedShards, at: Date.now() }),
          'EX',
          HEARTBEAT_TTL_S,
        ),
        this.redis.zadd(this.keys.scorers(), String(Date.now()), this.instanceId),
      ]).catch(() => undefined);
    void beat();
    this.handle = setInterval(() => void beat(), (HEARTBEAT_TTL_S * 1000) / 3);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.handle) clearInterval(this.handle);
    await Promise.all([
      this.redis.del(this.keys.scorerHeartbeat(this.instanceId)),
      this.redis.zrem(this.keys.scorers(), this.instanceId),
    ]).catch(() => undefined);
  }
}
