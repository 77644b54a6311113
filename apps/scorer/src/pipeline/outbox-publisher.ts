import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import { CONFIG, KAFKA, MetricsService } from '@app/platform';
import { EventProducer, type KafkaClient, type OutgoingMessage } from '@app/kafka';
import { PartnerStore } from '@app/redis';
import { decodeOutboxEntry, toMessage } from './outbox-entry.js';

export interface PartnerOutbox {
  partnerId: string;
  entries: readonly string[];
}

/**
 * Publishes outbox entries (and dead letters) to Kafka, then removes the published entries
 * from the partners' outboxes. A crash between the two re-publishes the same entries later,
 * each with its deterministic eventId: duplicates are possible, losses are not.
 */
@Injectable()
export class OutboxPublisher {
  private readonly logger = new Logger(OutboxPublisher.name);
  private readonly producer: EventProducer;

  constructor(
    @Inject(KAFKA) kafka: KafkaClient,
    private readonly store: PartnerStore,
    @Inject(CONFIG) private readonly config: CapscoreConfig,
    metrics: MetricsService,
  ) {
    this.producer = new EventProducer(kafka, {
      // The producer has already sent them again; this says that a leader change met a send.
      onPartialSend: (partitions, messages) => {
        metrics.partialSends.inc();
        this.logger.warn(
          `Kafka reported a send complete without ${partitions.join(', ')}: ${messages} message(s) sent again`,
        );
      },
    });
  }

  /** The crash tests' fault hook (SCORER_FAULT_PUBLISH_DELAY_MS); nothing when it is 0, as in production. */
  private async faultHold(outboxes: readonly PartnerOutbox[]): Promise<void> {
    const ms = this.config.scorer.faultPublishDelayMs;
    if (ms > 0 && outboxes.length > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  /** Connects and loads the output topics' metadata before the first publish needs it. */
  async prepare(topics: readonly string[]): Promise<void> {
    await this.producer.connect();
    await this.producer.prepare(topics);
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  async publish(outboxes: readonly PartnerOutbox[], extra: readonly OutgoingMessage[] = []): Promise<void> {
    const messages: OutgoingMessage[] = [...extra];
    const holderUpdates: Promise<void>[] = [];
    let outboxEntries = 0;
    for (const { partnerId, entries } of outboxes) {
      for (const text of entries) {
        const entry = decodeOutboxEntry(text);
        outboxEntries++;
        if (entry.topic !== '') messages.push(toMessage(entry));
        for (const w of entry.worklists ?? []) {
          holderUpdates.push(this.store.setWorklist(w.list, w.designationId, partnerId, w.score));
        }
        if (entry.designation?.type === 'designation.granted') {
          holderUpdates.push(this.store.setHolder(entry.designation.id, partnerId, entry.designation.at));
        } else if (entry.designation?.type === 'designation.lost') {
          holderUpdates.push(this.store.setHolder(entry.designation.id, partnerId, null));
        }
      }
    }
    if (messages.length === 0 && outboxEntries === 0) return;
    if (messages.length > 0) {
      await this.faultHold(outboxes);
      await this.producer.send(messages);
      await this.faultHold(outboxes);
    }
    await Promise.all(holderUpdates);
    await Promise.all(outboxes.map((o) => this.store.ackOutbox(o.partnerId, o.entries)));
  }
}
