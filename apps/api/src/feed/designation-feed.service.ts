import { randomUUID } from 'node:crypto';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Subject } from 'rxjs';
import type { CapscoreConfig } from '@app/config';
import { DesignationEvent } from '@app/contracts';
import { BatchConsumer, type KafkaClient, type PartitionBatch } from '@app/kafka';
import { CONFIG, KAFKA } from '@app/platform';

/**
 * Events kept for browsers that connect (or reconnect) later: enough to fill the dashboard's
 * feed; the topic itself is the history.
 */
const RECENT_EVENTS = 50;

export type FeedItem = { kind: 'event'; event: DesignationEvent } | { kind: 'status'; live: boolean };

/**
 * Reads the designations topic for the dashboard's live feed (GET /events/designations).
 * Each api process uses its own fresh consumer group starting at the latest offset: every api
 * instance sees every event (a shared group would split them between instances), and a restart
 * does not replay history into open browsers.
 */
@Injectable()
export class DesignationFeed implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('designation-feed');
  private readonly consumer: BatchConsumer;
  private readonly recentEvents: DesignationEvent[] = [];
  readonly groupId: string;
  readonly items = new Subject<FeedItem>();
  /** True once this process's consumer owns the designations topic's partitions. */
  live = false;
  invalidRecords = 0;

  constructor(
    @Inject(CONFIG) private readonly config: CapscoreConfig,
    @Inject(KAFKA) kafka: KafkaClient,
  ) {
    this.groupId = `${config.kafka.groupId}.api-feed.${randomUUID().slice(0, 8)}`;
    this.consumer = new BatchConsumer(kafka, {
      groupId: this.groupId,
      topics: [config.topics.designations],
      fromBeginning: false,
      partitionsConsumedConcurrently: 1,
      // A crashed api's member is dropped quickly; nobody else waits for its partitions.
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
      onAssignment: (assignment) => this.setLive((assignment[config.topics.designations]?.length ?? 0) > 0),
      onCrash: (error) => {
        this.logger.warn(`designation feed consumer crashed (kafkajs restarts it): ${error.message}`);
        this.setLive(false);
      },
    });
  }

  onModuleInit(): void {
    // In the background: the api answers queries while Kafka is still unreachable.
    void this.consumer
      .start((batch) => this.accept(batch))
      .catch((error: Error) => {
        this.logger.warn(`designation feed not started: ${error.message}`);
      });
  }

  /** Ends the open SSE streams before the HTTP server closes (it waits for open connections). */
  beforeApplicationShutdown(): void {
    this.items.complete();
  }

  /** Leaves the group; does not wait for a start still retrying an unreachable broker. */
  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop().catch(() => undefined);
  }

  get recent(): readonly DesignationEvent[] {
    return this.recentEvents;
  }

  private setLive(live: boolean): void {
    if (live === this.live || this.items.closed || this.items.isStopped) return;
    this.live = live;
    this.items.next({ kind: 'status', live });
  }

  private accept(batch: PartitionBatch): Promise<void> {
    for (const record of batch.records) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(record.value?.toString('utf8') ?? '');
      } catch {
        parsed = undefined;
      }
      const result = DesignationEvent.safeParse(parsed);
      if (!result.success) {
        this.invalidRecords++;
        continue;
      }
      if (this.items.isStopped) return Promise.resolve();
      this.recentEvents.push(result.data);
      if (this.recentEvents.length > RECENT_EVENTS) this.recentEvents.shift();
      this.items.next({ kind: 'event', event: result.data });
    }
    // Pushed to the browsers: nothing more to make durable, so the whole batch is done.
    const last = batch.records.at(-1);
    if (last) batch.markProcessed(last.offset);
    return Promise.resolve();
  }
}
