import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import { ClockService, CONFIG, PROGRAM_SCHEDULE } from '@app/platform';
import { PartnerStore } from '@app/redis';
import { nextVersionStart, type ProgramSchedule } from '@app/scoring';
import { InputConsumerService } from '../consumer/input-consumer.service.js';
import { ScorerFailures } from '../failures/scorer-failures.service.js';
import { BatchPipeline } from '../pipeline/batch-pipeline.js';

/** Partners evaluated per timer round trip; bounded so one month start never blocks a tick for long. */
const DUE_PER_ROUND = 500;

/** Timers moved per Redis call when a cut-over is brought forward: about a millisecond of Redis time each. */
const CUT_OVER_PAGE = 1000;

/**
 * Fires evaluations that no event triggers: month starts, the scored month moving, certification
 * expiries, anniversaries. Timers live in Redis (a sorted set per partition), so a restart or a
 * rebalance loses none: whoever owns the partition fires them. A program version's effective
 * instant is one of them (every partner's next change point is at or before it); timers stored
 * before that version was configured are brought forward to it once per owned partition.
 */
@Injectable()
export class TimerService implements OnApplicationShutdown {
  private readonly logger = new Logger(TimerService.name);
  private handle?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** Owned partitions whose timers already know the next cut-over (forgotten when a partition leaves). */
  private readonly cutOverKnown = new Set<number>();

  constructor(
    @Inject(CONFIG) private readonly config: CapscoreConfig,
    @Inject(PROGRAM_SCHEDULE) private readonly programs: ProgramSchedule,
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
    const owned = this.consumer.ownedShards;
    for (const shard of this.cutOverKnown) if (!owned.includes(shard)) this.cutOverKnown.delete(shard);
    for (const shard of owned) {
      await this.bringCutOverForward(shard);
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

  /**
   * A timer scheduled before the next version was configured may lie beyond its effective
   * instant (the next month start, say): move every such timer of the partition to that instant,
   * a page at a time, so every partner is evaluated under the new version when it takes effect.
   * Idempotent, so a partition that changes owners may be swept twice.
   */
  private async bringCutOverForward(shard: number): Promise<void> {
    if (this.cutOverKnown.has(shard)) return;
    const cutOver = nextVersionStart(this.programs, await this.clock.now());
    if (cutOver !== null) {
      let moved = 0;
      let page: number;
      do {
        page = await this.store.pullTimersForward(shard, cutOver, CUT_OVER_PAGE);
        moved += page;
      } while (page === CUT_OVER_PAGE && !this.stopped);
      if (moved > 0) {
        this.logger.log(
          `partition ${shard}: ${moved} timer(s) brought forward to the program version of ${new Date(cutOver).toISOString()}`,
        );
      }
    }
    this.cutOverKnown.add(shard);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    await this.running;
  }
}
