import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import { topicRoleOfType, type InputTopicRole } from '@app/contracts';
import type { ConsumedRecord } from '@app/kafka';
import { ClockService, CONFIG, MetricsService, PROGRAM } from '@app/platform';
import { PartnerStore } from '@app/redis';
import type { Program } from '@app/scoring';
import { parkFailedPartners, postponeFailedTimers } from './failed-partners.js';
import { OutboxPublisher } from './outbox-publisher.js';
import { PartnerLocks } from './partner-locks.js';
import { PartnerProcessor, type PartnerWork, type ProcessedPartner } from './partner-processor.js';
import { decodePartnerRecords, groupByKey, type PartnerRecords } from './partner-records.js';
import { RecordLatency } from './record-latency.js';
import { type DeadLetter, deadLetterCounts } from './record-router.js';
import { unknownReference } from './unknown-references.js';

/** Consecutive records of one partition of one input topic. */
export interface InputChunk {
  role: InputTopicRole;
  topic: string;
  partition: number;
  records: readonly ConsumedRecord[];
  /** Keeps the chunk's consumer in its group while the unit runs (rate-limited by the client). */
  heartbeat?: () => Promise<void>;
}

// About a quarter to half a second of scoring on this project's benchmark machine; large enough
// that the slice's one pipelined Redis round trip costs nothing in comparison.
const PARTNERS_PER_SLICE = 500;

// The partner list (GET /partners, `capscore store migrate`) is one sorted set, so on a Redis
// Cluster one node takes every write to it. Each process adds a partner once (ZADD NX, after which
// it remembers having done so) instead of at every evaluation: that node's load follows new
// partners, not traffic. Bounded (about 20 MB of ids); when full it starts over, and a partner
// listed again changes nothing (NX).
const LISTED_PARTNERS_MAX = 200_000;

/**
 * Input chunks end to end: validate, apply + evaluate + commit per partner, publish outboxes
 * and dead letters, schedule timers. When a unit resolves, everything its chunks caused is
 * durable and their offsets may be committed.
 */
@Injectable()
export class BatchPipeline {
  private readonly logger = new Logger(BatchPipeline.name);
  private readonly locks = new PartnerLocks();
  private readonly latency: RecordLatency;
  private readonly listed = new Set<string>();

  constructor(
    @Inject(CONFIG) private readonly config: CapscoreConfig,
    @Inject(PROGRAM) private readonly program: Program,
    private readonly clock: ClockService,
    private readonly processor: PartnerProcessor,
    private readonly publisher: OutboxPublisher,
    private readonly store: PartnerStore,
    private readonly metrics: MetricsService,
  ) {
    this.latency = new RecordLatency(metrics.registry);
  }

  /**
   * A unit of chunks (from one or several partitions and topics, see ChunkCoalescer): every
   * partner touched anywhere in the unit is loaded, applied, scored and committed once. Records
   * are grouped by key first and decoded a slice of partners at a time (see groupByKey).
   * `handOff` is called once the unit's partners are committed and only the publish is left: the
   * coalescer may start the next unit then (its partners shared with this one wait for the locks).
   */
  async handleChunks(chunks: readonly InputChunk[], handOff: () => void = () => undefined): Promise<void> {
    const startedAt = performance.now();
    const rejectedAt = await this.clock.now();
    const byKey = groupByKey(chunks);
    const dlq: DeadLetter[] = [];
    // Counted once the unit is durable: a failed unit is retried and would count twice.
    const appliedByRole = new Map<InputTopicRole, number>();
    const unknownByKind = new Map<string, number>();
    let partners = 0;
    let failed: ProcessedPartner[];
    const release = await this.locks.acquire(byKey.keys());
    try {
      // Read the clock only once the partners are ours: a batch that waited must not evaluate
      // at an instant older than the evaluation it waited for.
      const now = await this.clock.now();
      // A heartbeat that fails (a rebalance started) must not fail the unit: the partners already
      // committed stay committed, and each handler meets the rebalance at its own next heartbeat.
      const heartbeats = async () => {
        await Promise.all(
          chunks.map((c) => (c.heartbeat ? c.heartbeat().catch(() => undefined) : Promise.resolve())),
        );
      };
      const lockedAt = performance.now();
      const processed = await this.inSlices(
        [...byKey.keys()],
        heartbeats,
        (keys) => {
          const works: PartnerWork[] = [];
          for (const key of keys) {
            const group = byKey.get(key) as PartnerRecords;
            const events = decodePartnerRecords(group, this.config.topics.dlq, rejectedAt, dlq);
            if (events.length === 0) continue;
            for (const event of events) {
              const role = topicRoleOfType(event.type);
              appliedByRole.set(role, (appliedByRole.get(role) ?? 0) + 1);
              const kind = unknownReference(this.program, event);
              if (kind) unknownByKind.set(kind, (unknownByKind.get(kind) ?? 0) + 1);
            }
            works.push({
              partnerId: key,
              shard: group.shard,
              events,
              cause: { kind: 'event', eventId: events[events.length - 1]?.eventId },
            });
          }
          partners += works.length;
          return works;
        },
        now,
      );
      const appliedAt = performance.now();
      failed = parkFailedPartners(processed, byKey, this.config.topics.dlq, rejectedAt, dlq);
      for (const chunk of chunks) this.latency.observe('applied', chunk.records);
      handOff();
      await this.finish(
        processed,
        dlq.map((d) => d.message),
      );
      for (const chunk of chunks) this.latency.observe('published', chunk.records);
      if (this.config.logLevel === 'debug') {
        const oldest = Math.min(...chunks.map((c) => Number(c.records[0]?.timestamp ?? Date.now())));
        this.logger.debug(
          `unit: ${chunks.reduce((n, c) => n + c.records.length, 0)} records in ${chunks.length} chunk(s), ${partners} partner(s); ` +
            `group+lock ${(lockedAt - startedAt).toFixed(1)} ms, decode+apply ${(appliedAt - lockedAt).toFixed(1)} ms, publish ${(performance.now() - appliedAt).toFixed(1)} ms; ` +
            `oldest record ${Date.now() - oldest} ms old`,
        );
      }
    } finally {
      release();
    }
    for (const d of dlq) this.metrics.dlqRecords.inc({ code: d.code });
    this.reportFailures('event', failed);
    for (const [kind, count] of unknownByKind) this.metrics.unknownReferences.inc({ kind }, count);
    for (const [role, applied] of appliedByRole) {
      this.metrics.eventsApplied.inc({ topic: this.config.topics[role] }, applied);
    }
    const records = chunks.reduce((n, c) => n + c.records.length, 0);
    this.metrics.batchEvents.observe(records);
    if (dlq.length > 0) {
      const counts = deadLetterCounts(dlq);
      const codes = Object.entries(counts.byCode)
        .map(([code, n]) => `${code} ${n}`)
        .join(', ');
      this.logger.warn(counts, `${dlq.length} record(s) of this unit dead-lettered (${codes})`);
    }
  }

  /** Evaluates partners whose timers are due (no new events), e.g. month starts and expiries. */
  async handleTimers(shard: number, partnerIds: readonly string[]): Promise<void> {
    const release = await this.locks.acquire(partnerIds);
    try {
      const now = await this.clock.now();
      const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));
      const processed = postponeFailedTimers(
        await this.inSlices(
          partnerIds,
          yieldToOthers,
          (ids) => ids.map((partnerId) => ({ partnerId, shard, events: [], cause: null })),
          now,
        ),
        now,
      );
      await this.finish(processed, []);
      this.reportFailures(
        'timer',
        processed.filter((p) => p.failure !== undefined),
      );
    } finally {
      release();
    }
  }

  /** Counted and logged once the unit is durable (a retried unit would count them twice). */
  private reportFailures(path: 'event' | 'timer', failed: readonly ProcessedPartner[]): void {
    if (failed.length === 0) return;
    this.metrics.processingErrors.inc({ path }, failed.length);
    const what =
      path === 'event' ? 'records parked as processing-error dead letters' : 'timer retried in a minute';
    for (const p of failed.slice(0, 10)) {
      this.logger.error(`partner ${p.partnerId}: evaluation failed (${p.failure}); ${what}`);
    }
    if (failed.length > 10) this.logger.error(`... and ${failed.length - 10} more partner(s)`);
  }

  /**
   * Processes partners a slice at a time, `toWorks` turning each slice into its works just in
   * time. Scoring is synchronous CPU work: a slice keeps the event loop for a fraction of a
   * second, and `betweenSlices` (a unit's Kafka heartbeats) runs in between, so a large unit
   * neither starves the HTTP endpoints nor lets the consumer group session expire.
   */
  private async inSlices<T>(
    items: readonly T[],
    betweenSlices: () => Promise<void>,
    toWorks: (slice: readonly T[]) => PartnerWork[],
    now: number,
  ): Promise<ProcessedPartner[]> {
    const processed: ProcessedPartner[] = [];
    for (let start = 0; start < items.length; start += PARTNERS_PER_SLICE) {
      if (start > 0) await betweenSlices();
      processed.push(
        ...(await this.processor.process(toWorks(items.slice(start, start + PARTNERS_PER_SLICE)), now)),
      );
    }
    return processed;
  }

  private async finish(
    processed: readonly ProcessedPartner[],
    extra: Parameters<OutboxPublisher['publish']>[1],
  ): Promise<void> {
    // The timers and the partner list follow the committed state, not the publish: they go in the
    // same round trips as the publish's own Redis calls instead of one more after them.
    await Promise.all([
      this.publisher.publish(
        processed.map((p) => ({ partnerId: p.partnerId, entries: p.outbox })),
        extra,
      ),
      ...processed.map((p) =>
        Promise.all([
          p.timerKnown ? undefined : this.store.scheduleTimer(p.shard, p.partnerId, p.next?.at ?? null),
          this.listPartner(p.partnerId, p.evaluatedAt),
        ]),
      ),
    ]);
    this.processor.outboxesPublished(processed);
  }

  private async listPartner(partnerId: string, firstSeen: number): Promise<void> {
    if (this.listed.has(partnerId)) return;
    await this.store.rememberPartner(partnerId, firstSeen);
    if (this.listed.size >= LISTED_PARTNERS_MAX) this.listed.clear();
    this.listed.add(partnerId);
  }
}
