import { hostname } from 'node:os';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HEARTBEAT_TTL_S, ScorerRegistry } from '@app/redis';
import { InputConsumerService } from './consumer/input-consumer.service.js';

/** Publishes "this scorer is alive and owns these partitions" for the api's readiness check. */
@Injectable()
export class ScorerStatusService implements OnApplicationShutdown {
  readonly instanceId = `${hostname()}-${process.pid}`;
  private handle?: NodeJS.Timeout;

  constructor(
    private readonly registry: ScorerRegistry,
    private readonly consumer: InputConsumerService,
  ) {}

  start(): void {
    // A failed beat is retried by the next one; three in a row and the api stops counting this instance.
    const beat = () =>
      this.registry
        .beat({ instanceId: this.instanceId, shards: this.consumer.ownedShards, at: Date.now() })
        .catch(() => undefined);
    void beat();
    this.handle = setInterval(() => void beat(), (HEARTBEAT_TTL_S * 1000) / 3);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.handle) clearInterval(this.handle);
    await this.registry.leave(this.instanceId).catch(() => undefined);
  }
}
