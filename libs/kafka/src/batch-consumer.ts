import type { Consumer, EachBatchPayload } from 'kafkajs';
import { CoPartitionedAssigner } from './co-partitioned-assigner.js';
import { kafkajsOf } from './kafkajs-handle.js';
import type { Assignment, KafkaClient, PartitionBatchHandler } from './types.js';

export interface BatchConsumerOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Partitions processed in parallel by this member (one batch per partition at a time). */
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  maxWaitTimeMs?: number;
  onAssignment?: (assignment: Assignment) => void;
  onCrash?: (error: Error) => void;
}

/**
 * A consumer with explicit offset management: the handler gets a whole partition batch and the
 * batch's offset is committed only after the handler resolved, i.e. after its effects are
 * durable. A handler that throws leaves the offset uncommitted; kafkajs then re-fetches the
 * batch (at-least-once), which the idempotent store turns into exactly-once effects.
 */
export class BatchConsumer {
  private readonly consumer: Consumer;
  private running = false;
  private assignment: Assignment = {};

  constructor(
    kafka: KafkaClient,
    private readonly options: BatchConsumerOptions,
  ) {
    this.consumer = kafkajsOf(kafka).consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      partitionAssigners: [CoPartitionedAssigner],
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 200,
      // Larger fetches mean larger units (see the scorer's ChunkCoalescer): fewer evaluations per
      // record under a backlog. 50 MiB stays under the broker's default fetch.max.bytes (55 MiB).
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxBytes: 50 * 1024 * 1024,
    });
    const events = this.consumer.events;
    this.consumer.on(events.GROUP_JOIN, (e) => {
      this.assignment = e.payload.memberAssignment;
      options.onAssignment?.(this.assignment);
    });
    this.consumer.on(events.CRASH, (e) => options.onCrash?.(e.payload.error));
  }

  get currentAssignment(): Assignment {
    return this.assignment;
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(handler: PartitionBatchHandler): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    this.running = true;
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.handleBatch(payload, handler),
    });
  }

  private async handleBatch(payload: EachBatchPayload, handler: PartitionBatchHandler): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    let processed: string | undefined;
    await handler({
      topic: batch.topic,
      partition: batch.partition,
      records: batch.messages.map((m) => ({
        topic: batch.topic,
        partition: batch.partition,
        offset: m.offset,
        key: m.key,
        value: m.value,
        timestamp: m.timestamp,
      })),
      heartbeat: () => payload.heartbeat(),
      isActive: () => !payload.isStale(),
      isStopping: () => !this.running || !payload.isRunning(),
      markProcessed: (offset) => {
        processed = offset;
        payload.resolveOffset(offset);
      },
    });
    // A revoked partition's new owner re-applies the batch idempotently; committing here
    // could move its offset under it. Otherwise commit what the handler finished, also while
    // shutting down (kafkajs waits for this batch before it leaves the group).
    if (processed === undefined || payload.isStale()) return;
    await this.consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(processed) + 1n).toString() },
    ]);
    if (payload.isRunning()) await payload.heartbeat();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
  }
}
