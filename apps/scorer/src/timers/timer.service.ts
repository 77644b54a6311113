import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import { ClockService, CONFIG } from '@app/platform';
import { PartnerStore } from '@app/redis';
import { InputConsumerService } from '../consumer/input-consumer.service.js';
import { ScorerFailures } from '../failures/scorer-failures.service.js';
import { BatchPipeline } from '../pipeline/batch-pipeline.js';

/** Partners evaluated per timer round trip; bounded so one month start never blocks a tick for long. */
const DUE_PER_ROUND = 500;

/**
 * Fires evaluations that no event triggers: month starts, the scored month moving, certification
 * expiries, anniversaries. Timers live in Redis (a sorted set per partition), so a restart or a
 * rebalance loses none: whoever owns the partition fires them.
 */
@Injectable()
export class TimerService implements OnApplicationShutdown {
  private readonly logger = new Logger(TimerService.name);
  private handle?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(CONFIG) private readonly config: CapscoreConfig,
    private readonly clock: ClockService,
    private readonly store: PartnerStore,
    private readonly pipeline: BatchPipeline,
    private readonly consumer: InputConsumerService,
    private readonly failures: ScorerFailures,
  ) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.fireDue()
        .then(() => undefined)
        .catch((error: unknown) => {
          try {
            this.failures.retrying(error, 'timer round');
            this.logger.warn(`timer round failed (retried next tick): ${String(error)}`);
          } catch {
            /* fatal: ScorerFailures reported it and the scorer is exiting */
          }
        })
        .finally(() => {
          if (!this.stopped) this.handle = setTimeout(tick, this.config.scorer.timerIntervalMs);
        });
    };
    tick();
  }

  /** Fires every due timer of the owned partitions; returns when none is due. */
  async fireDue(): Promise<number> {
    let fired = 0;
    for (const shard of this.consumer.ownedShards) {
      for (;;) {
        if (this.stopped) return fired;
        const now = await this.clock.now();
        const due = await this.store.dueTimers(shard, now, DUE_PER_ROUND);
        if (due.length === 0) break;
        await this.pipeline.handleTimers(shard, due);
        fired += due.length;
      }
    }
    if (fired > 0) this.logger.log(`fired ${fired} timer evaluation(s)`);
    return fired;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    await this.running;
  }
}
