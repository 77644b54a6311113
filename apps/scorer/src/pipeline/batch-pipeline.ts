import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import type { InputTopicRole } from '@app/contracts';
import type { ConsumedRecord } from '@app/kafka';
import { ClockService, CONFIG, MetricsService, PROGRAM } from '@app/platform';
import { PartnerStore } from '@app/redis';
import type { Program } from '@app/scoring';
import { OutboxPublisher } from './outbox-publisher.js';
import { PartnerLocks } from './partner-locks.js';
import { PartnerProcessor, type PartnerWork, type ProcessedPartner } from './partner-processor.js';
import { RecordLatency } from './record-latency.js';
import { routeRecords } from './record-router.js';
import { unknownReference } from './unknown-references.js';

/**
 * One chunk of one partition, end to end: validate, apply + evaluate + commit per partner,
 * publish outboxes and dead letters, schedule timers. When it resolves, everything the chunk
 * caused is durable and its offsets may be committed.
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

  async handleRecords(role: InputTopicRole, topic: string, partition: number, records: readonly ConsumedRecord[]): Promise<void> {
    const routed = routeRecords(role, records, this.config.topics.dlq, await this.clock.now());
    const works: PartnerWork[] = [...routed.eventsByPartner].map(([partnerId, events]) => ({
      partnerId,
      shard: partition,
      events,
      cause: { kind: 'event', eventId: events[events.length - 1]?.eventId },
    }));
    const release = await this.locks.acquire(routed.eventsByPartner.keys());
    try {
      // Read the clock only once the partners are ours: a batch that waited must not evaluate
      // at an instant older than the evaluation it waited for.
      const processed = await this.processor.process(works, await this.clock.now());
      this.latency.observe('applied', records);
      await this.finish(processed, routed.dlq.map((d) => d.message));
      this.latency.observe('published', records);
    } finally {
      release();
    }
    for (const d of routed.dlq) this.metrics.dlqRecords.inc({ code: d.code });
    let applied = 0;
    for (const events of routed.eventsByPartner.values()) {
      applied += events.length;
      for (const event of events) {
        const kind = unknownReference(this.program, event);
        if (kind) this.metrics.unknownReferences.inc({ kind });
      }
    }
    this.metrics.eventsApplied.inc({ topic }, applied);
    this.metrics.batchEvents.observe(records.length);
    if (routed.dlq.length > 0) {
      this.logger.warn(`${topic}[${partition}]: ${routed.dlq.length} record(s) dead-lettered (first: ${routed.dlq[0]?.code})`);
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
          this.store.rememberPartner(p.partnerId, p.score.at),
        ]),
      ),
    );
  }
}
