import { Inject, Injectable } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import type { InputEvent } from '@app/contracts';
import { CONFIG, MetricsService, PROGRAM_SCHEDULE } from '@app/platform';
import { PartnerStore } from '@app/redis';
import { type Cause, type PartnerAggregate, type ProgramSchedule, takeChanges } from '@app/scoring';
import { AggregateCache } from './aggregate-cache.js';
import { describeError } from '../failures/failure-policy.js';
import { PartnerEvaluator, type Evaluation, type PartnerMeta } from './partner-evaluator.js';

export type { PartnerMeta } from './partner-evaluator.js';

export interface PartnerWork {
  partnerId: string;
  /** Kafka partition that owns the partner: its timer shard. */
  shard: number;
  events: InputEvent[];
  /** Cause of the evaluation at `now`; null means "the timer that was due". */
  cause: Cause | null;
}

export interface ProcessedPartner {
  partnerId: string;
  shard: number;
  /** Outbox entries to publish, pending ones from an earlier crash first. */
  outbox: string[];
  next: PartnerMeta['next'];
  /** The instant the partner was evaluated at (or found unchanged at). */
  evaluatedAt: number;
  /** The stored version `outbox` belongs to: once it is published, that version's outbox is empty. */
  version?: number;
  /**
   * The stored timer already says `next`: this process scheduled it when it published the state
   * this evaluation started from (see AggregateCache.outboxClean), and `next` did not move. The
   * caller skips the timer write.
   */
  timerKnown?: boolean;
  /**
   * Set (`name: message`) when evaluating the partner threw: nothing of it was written, `outbox`
   * holds only entries an earlier crash left pending, `next` is the stored timer. The caller
   * parks its records (failed-partners.ts) so the partition moves on.
   */
  failure?: string;
}

// A conflict means another writer (a second instance around a rebalance, or the timer loop)
// committed the same partner meanwhile; re-reading and re-applying converges quickly. The cap
// only guards against a bug turning this into a hot loop.
const MAX_CONFLICT_ROUNDS = 50;

// Stored (layout 2) bytes of the partners kept decoded in memory. Decoded facts and their running
// summaries take about 20 times their stored size on the heap (docs/benchmarks.md, round 4), so
// 32 MiB is about 650 MiB of heap: every partner of the benchmark (10,000 simulated partners
// ≈ 26 MiB stored), or one giant partner (2,000,000 events ≈ 29 MiB).
const CACHE_ENCODED_BYTES = 32 * 2 ** 20;

/**
 * Applies events to partner aggregates and evaluates them, committing each partner's new state
 * together with the designation events it implies (one Lua call per partner, one round trip
 * for the whole batch thanks to auto-pipelining).
 */
@Injectable()
export class PartnerProcessor {
  private readonly cache = new AggregateCache<PartnerAggregate, PartnerMeta>(CACHE_ENCODED_BYTES);
  private readonly evaluator: PartnerEvaluator;
  private readonly faultFailPartner?: string;

  constructor(
    @Inject(PROGRAM_SCHEDULE) programs: ProgramSchedule,
    @Inject(CONFIG) config: CapscoreConfig,
    private readonly store: PartnerStore,
    private readonly metrics: MetricsService,
  ) {
    this.evaluator = new PartnerEvaluator(programs, config.topics);
    this.faultFailPartner = config.scorer.faultFailPartner;
  }

  /**
   * Loads, evaluates and commits one slice of partners (each at most once in `works`): one
   * pipelined Redis round trip to load and one to commit, then conflict rounds if another writer
   * got in between. Scoring is synchronous, so callers keep slices small (BatchPipeline).
   */
  async process(works: readonly PartnerWork[], now: number): Promise<ProcessedPartner[]> {
    const done: ProcessedPartner[] = [];
    let pending = [...works];
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_CONFLICT_ROUNDS) {
        throw new Error(
          `partners still conflicting after ${MAX_CONFLICT_ROUNDS} rounds: ${pending.map((w) => w.partnerId).join(', ')}`,
        );
      }
      const timer = this.metrics.redisSeconds.startTimer();
      // A partner held decoded whose outbox this process emptied is not read: the commit's version
      // guard finds out whether anyone wrote it since (then it is read in full, next round).
      const unread = new Set(
        pending.filter((w) => this.cache.isOutboxClean(w.partnerId)).map((w) => w.partnerId),
      );
      const stored = await this.store.loadForUpdate(
        pending.filter((w) => !unread.has(w.partnerId)).map((w) => w.partnerId),
        (partnerId) => this.cache.version(partnerId),
      );
      if (unread.size > 0) this.metrics.unreadPartners.inc(unread.size);
      for (const partnerId of unread) {
        stored.set(partnerId, {
          partnerId,
          version: this.cache.version(partnerId),
          unchanged: true,
          pendingOutbox: [],
        });
      }
      const results = await Promise.all(
        pending.map(async (work) => {
          const row = stored.get(work.partnerId);
          if (!row) throw new Error(`unreachable: partner ${work.partnerId} not loaded`);
          let aggregate: PartnerAggregate | null;
          let meta: PartnerMeta | null;
          let cachedBytes = 0;
          let timerScheduled = false;
          if (row.unchanged) {
            const cached = this.cache.take(work.partnerId, row.version);
            // Evicted while the load was in flight (other partitions' batches put entries):
            // read it again in full, next round.
            if (!cached) return { kind: 'reload' as const, work };
            aggregate = cached.aggregate;
            meta = cached.meta;
            cachedBytes = cached.bytes;
            // Published by this process: the unit that did so also wrote the version's timer.
            timerScheduled = cached.outboxClean === true;
          } else {
            this.cache.take(work.partnerId, -1);
            aggregate = row.aggregate;
            meta = row.meta;
          }
          let evaluated: Evaluation | null;
          try {
            evaluated = this.evaluate(work, aggregate, meta, now);
          } catch (error) {
            // One partner's bug must not fail the slice. Its decoded copy may be half applied
            // (applyEvents works in place): it is not put back in the cache, so the next unit
            // reads the stored state again.
            return {
              kind: 'done' as const,
              done: {
                partnerId: work.partnerId,
                shard: work.shard,
                outbox: row.pendingOutbox,
                next: meta?.next ?? null,
                evaluatedAt: now,
                failure: describeError(error),
              } satisfies ProcessedPartner,
            };
          }
          if (evaluated === null) {
            // Nothing changed: the state read stays current; keep it decoded for the next unit.
            if (aggregate && meta) {
              this.cache.put(work.partnerId, {
                version: row.version,
                aggregate,
                meta,
                bytes: row.unchanged ? cachedBytes : row.bytes,
              });
            }
            // Without a commit nothing checked the version of an unread partner: another writer
            // may have moved it (redelivery after a rebalance). Read it, next round.
            if (unread.has(work.partnerId)) return { kind: 'reload' as const, work };
            this.metrics.unchangedPartners.inc();
            return {
              kind: 'done' as const,
              done: {
                partnerId: work.partnerId,
                shard: work.shard,
                outbox: row.pendingOutbox,
                next: meta?.next ?? null,
                evaluatedAt: now,
                version: row.version,
              } satisfies ProcessedPartner,
            };
          }
          // Only what the events (and the prune) changed is written: a field per touched customer or person.
          const committed = await this.store.commit(
            work.partnerId,
            row.version,
            takeChanges(evaluated.aggregate),
            evaluated.meta,
            evaluated.entries,
            evaluated.history,
          );
          if (committed === null) return { kind: 'conflict' as const, work };
          const bytes = Math.max(row.unchanged ? cachedBytes : row.bytes, committed.bytes);
          this.cache.put(work.partnerId, {
            version: committed.version,
            aggregate: evaluated.aggregate,
            meta: evaluated.meta,
            bytes,
          });
          for (const t of evaluated.transitions) this.metrics.transitions.inc({ type: t });
          return {
            kind: 'done' as const,
            done: {
              partnerId: work.partnerId,
              shard: work.shard,
              outbox: [...row.pendingOutbox, ...evaluated.entries],
              next: evaluated.meta.next,
              evaluatedAt: evaluated.score.at,
              version: committed.version,
              timerKnown: timerScheduled && evaluated.meta.next?.at === meta?.next?.at,
            } satisfies ProcessedPartner,
          };
        }),
      );
      timer();
      pending = [];
      let conflicts = 0;
      for (const r of results) {
        if (r.kind === 'done') done.push(r.done);
        else pending.push(r.work);
        if (r.kind === 'conflict') conflicts++;
      }
      if (conflicts > 0) this.metrics.commitConflicts.inc(conflicts);
    }
    return done;
  }

  /** After `processed` were published and acknowledged: their committed versions have empty outboxes. */
  outboxesPublished(processed: readonly ProcessedPartner[]): void {
    for (const p of processed) {
      if (p.version !== undefined && p.failure === undefined) {
        this.cache.markOutboxClean(p.partnerId, p.version);
      }
    }
  }

  private evaluate(
    work: PartnerWork,
    storedAggregate: PartnerAggregate | null,
    storedMeta: PartnerMeta | null,
    now: number,
  ): Evaluation | null {
    const endTimer = this.metrics.evaluationSeconds.startTimer();
    try {
      if (work.partnerId === this.faultFailPartner) {
        throw new Error('fault hook SCORER_FAULT_FAIL_PARTNER: evaluation refused');
      }
      const evaluation = this.evaluator.evaluate(work, storedAggregate, storedMeta, now);
      if (evaluation) this.metrics.reusedScores.inc(evaluation.designationsReused);
      return evaluation;
    } finally {
      endTimer();
    }
  }
}
