import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import { INPUT_TOPIC_ROLES, type InputTopicRole } from '@app/contracts';
import {
  assertTopicsExist,
  BatchConsumer,
  type Assignment,
  type KafkaClient,
  type PartitionBatch,
} from '@app/kafka';
import { CONFIG, KAFKA } from '@app/platform';
import { ScorerFailures } from '../failures/scorer-failures.service.js';
import { BatchPipeline, type InputChunk } from '../pipeline/batch-pipeline.js';
import { ChunkCoalescer } from '../pipeline/chunk-coalescer.js';
import { OutboxPublisher } from '../pipeline/outbox-publisher.js';
import { retryWithBackoff, whileHeartbeating } from './retry.js';

/**
 * Owns the kafkajs consumer of the three input topics. Each partition batch is cut into chunks
 * of at most SCORER_MAX_BATCH_EVENTS records; chunks of the partitions in flight together are
 * processed as one unit (ChunkCoalescer, same cap); a chunk's offset is committed once its unit
 * is durable (see BatchConsumer), and a transient failure is retried, never skipped.
 */
// kafkajs runs at most this many partition batches of a fetch concurrently; above the number of
// assigned partitions it changes nothing.
const PARTITIONS_IN_FLIGHT = 64;

@Injectable()
export class InputConsumerService implements OnApplicationShutdown {
  private readonly logger = new Logger(InputConsumerService.name);
  private readonly roleByTopic: Map<string, InputTopicRole>;
  private consumer?: BatchConsumer;
  private assignment: Assignment = {};
  private readonly coalescer: ChunkCoalescer<InputChunk>;

  constructor(
    @Inject(CONFIG) private readonly config: CapscoreConfig,
    @Inject(KAFKA) private readonly kafka: KafkaClient,
    private readonly pipeline: BatchPipeline,
    private readonly publisher: OutboxPublisher,
    private readonly failures: ScorerFailures,
  ) {
    this.roleByTopic = new Map(INPUT_TOPIC_ROLES.map((role) => [config.topics[role], role]));
    this.coalescer = new ChunkCoalescer(
      (chunks, handOff) => this.pipeline.handleChunks(chunks, handOff),
      config.scorer.maxBatchEvents,
      // Partition p of every input topic holds the same partners (co-partitioned assignment).
      (chunk) => chunk.partition,
    );
  }

  /** Partitions (timer shards) this instance currently owns, across the input topics. */
  get ownedShards(): number[] {
    return [...new Set(Object.values(this.assignment).flat())].sort((a, b) => a - b);
  }

  get assigned(): boolean {
    return this.ownedShards.length > 0;
  }

  /** Fails (MissingTopicsError, a fatal cause) unless every input and output topic exists. */
  async checkTopics(): Promise<void> {
    const { topics } = this.config;
    await assertTopicsExist(this.kafka, [
      ...this.roleByTopic.keys(),
      topics.designations,
      topics.scores,
      topics.dlq,
    ]);
  }

  async start(): Promise<void> {
    await this.checkTopics();
    await this.publisher.connect();
    this.consumer = new BatchConsumer(this.kafka, {
      groupId: this.config.kafka.groupId,
      topics: [...this.roleByTopic.keys()],
      sessionTimeoutMs: this.config.kafka.sessionTimeoutMs,
      // Every assigned partition of a fetch at once, so their chunks can share a unit.
      partitionsConsumedConcurrently: PARTITIONS_IN_FLIGHT,
      heartbeatIntervalMs: Math.max(500, Math.floor(this.config.kafka.sessionTimeoutMs / 10)),
      onAssignment: (assignment) => {
        this.assignment = assignment;
        this.logger.log(`assigned ${JSON.stringify(assignment)}`);
      },
      onCrash: (error) => {
        this.logger.error(`consumer crashed (kafkajs restarts it): ${error.message}`);
        // A crash kafkajs cannot restart from (an ACL, credentials, a deleted topic) stops the scorer.
        try {
          this.failures.retrying(error, 'consumer');
        } catch {
          /* the scorer is exiting: ScorerFailures reported it */
        }
      },
    });
    await this.consumer.start((batch) => this.handle(batch));
  }

  private async handle(batch: PartitionBatch): Promise<void> {
    const role = this.roleByTopic.get(batch.topic);
    if (!role) throw new Error(`unreachable: batch from unsubscribed topic ${batch.topic}`);
    const size = this.config.scorer.maxBatchEvents;
    for (let start = 0; start < batch.records.length; start += size) {
      // Between chunks: a revoked partition belongs to someone else now, and a stopping scorer
      // has finished the chunk in hand (its offset is committed), which is all a graceful stop needs.
      if (!batch.isActive() || batch.isStopping()) return;
      const chunk = batch.records.slice(start, start + size);
      const heartbeat = () => batch.heartbeat().catch(() => undefined);
      await retryWithBackoff(
        // Heartbeats every second while the chunk waits for its unit and is processed (queue,
        // locks, Redis, the outbox publish): a unit may take longer than the session timeout.
        () =>
          whileHeartbeating(heartbeat, () =>
            this.coalescer.submit({
              role,
              topic: batch.topic,
              partition: batch.partition,
              records: chunk,
              heartbeat: () => batch.heartbeat(),
            }),
          ),
        // Transient failures are retried until they pass; only a revocation gives up (the new
        // owner re-applies). A stop request waits for the retry, so no half-done chunk is left.
        () => batch.isActive(),
        (error, attempt, delayMs) => {
          // Counts the failure by reason; a fatal one throws here and stops the retries.
          this.failures.retrying(error, `${batch.topic}[${batch.partition}]`);
          this.logger.warn(
            `${batch.topic}[${batch.partition}] attempt ${attempt} failed (${String(error)}); retrying in ${delayMs} ms`,
          );
        },
        { heartbeat: () => batch.heartbeat() },
      );
      const last = chunk[chunk.length - 1];
      if (last) batch.markProcessed(last.offset);
      await batch.heartbeat();
    }
  }

  /** Graceful: kafkajs finishes the in-flight batches and commits before leaving the group. */
  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.publisher.disconnect();
  }
}
