import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import { INPUT_TOPIC_ROLES, type InputTopicRole } from '@app/contracts';
import type { ConsumedRecord } from '@app/kafka';
import { ClockService, CONFIG, PROGRAM } from '@app/platform';
import { decodeAggregate, monthKey, scoredMonth, takeChanges, type Program } from '@app/scoring';
import { simulate } from '@app/simulation';
import { OutboxPublisher } from './pipeline/outbox-publisher.js';
import { PartnerEvaluator, type PartnerMeta } from './pipeline/partner-evaluator.js';
import { decodePartnerRecords, groupByKey } from './pipeline/partner-records.js';

// Records per simulated chunk: a few events per partner and evaluation, like a live stream.
const RECORDS_PER_CHUNK = 40;
const PARTNERS = 30;

/**
 * Runs the hot path (decode, apply, score, lifecycle, encode) on simulated partners in memory
 * before the consumer joins its group, and loads the output topics' metadata. Without it the
 * first second of a new instance runs unoptimised code on a cold producer: the first units of
 * a freshly started scorer took 3–5 times as long as later ones, which put a fresh start's
 * first records in the latency p99 (docs/benchmarks.md). Nothing is written to Redis or Kafka.
 */
@Injectable()
export class WarmUpService {
  private readonly logger = new Logger(WarmUpService.name);

  constructor(
    @Inject(CONFIG) private readonly config: CapscoreConfig,
    @Inject(PROGRAM) private readonly program: Program,
    private readonly clock: ClockService,
    private readonly publisher: OutboxPublisher,
  ) {}

  async run(): Promise<void> {
    const budgetMs = this.config.scorer.warmUpMs;
    const { designations, scores, dlq } = this.config.topics;
    await this.publisher.prepare([designations, scores, dlq]);
    if (budgetMs === 0) return;
    const started = performance.now();
    const now = await this.clock.now();
    const simulation = simulate({
      seed: 1,
      partners: PARTNERS,
      lastMonth: monthKey(scoredMonth(now, this.program.dataLagDays)),
      partnerPrefix: 'warm-up',
    });
    const records = simulation.records.map((r, offset): ConsumedRecord & { role: InputTopicRole } => ({
      role: r.role,
      topic: r.role,
      partition: 0,
      offset: String(offset),
      key: r.key === null ? null : Buffer.from(r.key),
      value: Buffer.from(r.value),
      timestamp: String(now),
    }));
    const evaluator = new PartnerEvaluator(this.program, { designations, scores });
    let evaluations = 0;
    // Each pass starts from empty partners, so every pass runs the full hot path again.
    outer: for (let pass = 0; pass < 3; pass++) {
      const stored = new Map<string, { fields: Map<string, Buffer>; meta: PartnerMeta }>();
      for (let i = 0; i < records.length; i += RECORDS_PER_CHUNK) {
        if (performance.now() - started > budgetMs) break outer;
        const chunk = records.slice(i, i + RECORDS_PER_CHUNK);
        const chunks = INPUT_TOPIC_ROLES.map((role) => ({
          role,
          partition: 0,
          records: chunk.filter((r) => r.role === role),
        }));
        for (const [partnerId, group] of groupByKey(chunks)) {
          const events = decodePartnerRecords(group, dlq, now, []);
          if (events.length === 0) continue;
          const before = stored.get(partnerId);
          // Through the stored form, as the store does: decode, apply, score, encode what changed.
          const aggregate = before ? decodeAggregate(partnerId, before.fields) : null;
          const result = evaluator.evaluate(
            { partnerId, events, cause: { kind: 'event', eventId: events[0]?.eventId } },
            aggregate,
            before?.meta ?? null,
            now,
          );
          if (result) {
            const fields = before?.fields ?? new Map<string, Buffer>();
            const { set, del } = takeChanges(result.aggregate);
            for (const [field, value] of set) fields.set(field, value);
            for (const field of del) fields.delete(field);
            stored.set(partnerId, { fields, meta: result.meta });
          }
          evaluations++;
        }
      }
    }
    this.logger.log(
      `warmed up in ${Math.round(performance.now() - started)} ms (${evaluations} evaluations of simulated partners)`,
    );
  }
}
