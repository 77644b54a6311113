import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import type { InputEvent, InputTopicRole } from '@app/contracts';
import type { ConsumedRecord } from '@app/kafka';
import { ClockService, CONFIG, MetricsService, PROGRAM } from '@app/platform';
import { PartnerStore } from '@app/redis';
import type { Program } from '@app/scoring';
import { OutboxPublisher } from './outbox-publisher.js';
import { PartnerLocks } from './partner-locks.js';
import { PartnerProcessor, type PartnerWork, type ProcessedPartner } from './partner-processor.js';
import { RecordLatency } from './record-latency.js';
import { routeRecords, type RoutedRecords } from './record-router.js';
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

  constructor(
    @Inject(CONFIG) private readonly config: CapscoreConfig,
    @Inject(PROGRAM) private readonly program: Program,
    private readonly clock: ClockService,
    private readonly processor: PartnerProcessor,
    private readonly publisher: OutboxPublisher,
    private readonly store: PartnerStore<unknown, unknown>,
    private readonly metrics: MetricsService,
  ) {
    this.latency = new RecordLatency(metrics.registry);
  }

  /**
   * A unit of chunks (from one or several partitions and topics, see ChunkCoalescer): every
   * partner touched anywhere in the unit is loaded, applied, scored and committed once.
   */
  async handleChunks(chunks: readonly InputChunk[]): Promise<void> {
    const startedAt = performance.now();
    const rejectedAt = await this.clock.now();
    const eventsByPartner = new Map<string, InputEvent[]>();
    const shardOf = new Map<string, number>();
    const dlq: RoutedRecords['dlq'] = [];
    const appliedByTopic = new Map<string, number>();
    for (const chunk of chunks) {
      const routed = routeRecords(chunk.role, chunk.records, this.config.topics.dlq, rejectedAt);
      let applied = 0;
      for (const [partnerId, events] of routed.eventsByPartner) {
        applied += events.length;
        const list = eventsByPartner.get(partnerId);
        if (list) list.push(...events);
        else eventsByPartner.set(partnerId, events);
        // Co-partitioned topics put a partner in the same partition of each; its timers live there.
        if (!shardOf.has(partnerId)) shardOf.set(partnerId, chunk.partition);
      }
      appliedByTopic.set(chunk.topic, (appliedByTopic.get(chunk.topic) ?? 0) + applied);
      dlq.push(...routed.dlq);
    }
    const works: PartnerWork[] = [...eventsByPartner].map(([partnerId, events]) => ({
      partnerId,
      shard: shardOf.get(partnerId) ?? 0,
      events,
      cause: { kind: 'event', eventId: events[events.length - 1]?.eventId },
    }));
    const release = await this.locks.acquire(eventsByPartner.keys());
    try {
      // Read the clock only once the partners are ours: a batch that waited must not evaluate
      // at an instant older than the evaluation it waited for.
      // A heartbeat that fails (a rebalance started) must not fail the unit: the partners already
      // committed stay committed, and each handler meets the rebalance at its own next heartbeat.
      const heartbeats = async () => {
        await Promise.all(chunks.map((c) => (c.heartbeat ? c.heartbeat().catch(() => undefined) : Promise.resolve())));
      };
      const lockedAt = performance.now();
      const processed = await this.processor.process(works, await this.clock.now(), heartbeats);
      const appliedAt = performance.now();
      for (const chunk of chunks) this.latency.observe('applied', chunk.records);
      await this.finish(processed, dlq.map((d) => d.message));
      for (const chunk of chunks) this.latency.observe('published', chunk.records);
      if (this.config.logLevel === 'debug') {
        const oldest = Math.min(...chunks.map((c) => Number(c.records[0]?.timestamp ?? Date.now())));
        this.logger.debug(
          `unit: ${chunks.reduce((n, c) => n + c.records.length, 0)} records in ${chunks.length} chunk(s), ${works.length} partner(s); ` +
            `route+lock ${(lockedAt - startedAt).toFixed(1)} ms, apply ${(appliedAt - lockedAt).toFixed(1)} ms, publish ${(performance.now() - appliedAt).toFixed(1)} ms; ` +
            `oldest record ${Date.now() - oldest} ms old`,
        );
      }
    } finally {
      release();
    }
    for (const d of dlq) this.metrics.dlqRecords.inc({ code: d.code });
    for (const events of eventsByPartner.values()) {
      for (const event of events) {
        const kind = unknownReference(this.program, event);
        if (kind) this.metrics.unknownReferences.inc({ kind });
      }
    }
    for (const [topic, applied] of appliedByTopic) this.metrics.eventsApplied.inc({ topic }, applied);
    const records = chunks.reduce((n, c) => n + c.records.length, 0);
    this.metrics.batchEvents.observe(records);
    if (dlq.length > 0) {
      this.logger.warn(`${dlq.length} record(s) dead-lettered (first: ${dlq[0]?.code}) in ${chunks.map((c) => `${c.topic}[${c.partition}]`).join(', ')}`);
    }
  }

  /** Evaluates partners whose timers are due (no new events), e.g. month starts and expiries. */
  async handleTimers(shard: number, partnerIds: readonly string[]): Promise<void> {
    const release = await this.locks.acquire(partnerIds);
    try {
      const now = await this.clock.now();
      const works = partnerIds.map((partnerId) => ({ partnerId, shard, events: [], cause: null }));
      const processed = await this.processor.process(works, now);
      await this.finish(processed, []);
    } finally {
      release();
    }
  }

  private async finish(processed: readonly ProcessedPartner[], extra: Parameters<OutboxPublisher['publish']>[1]): Promise<void> {
    await this.publisher.publish(
      processed.map((p) => ({ partnerId: p.partnerId, entries: p.outbox })),
      extra,
    );
    await Promise.all(
      processed.map((p) =>
        Promise.all([
          this.store.scheduleTimer(p.shard, p.partnerId, p.next?.at ?? null),
          this.store.rememberPartner(p.partnerId, p.evaluatedAt),
        ]),
      ),
    );
  }
}
