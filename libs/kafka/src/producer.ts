import { CompressionTypes, type Producer } from 'kafkajs';
import { kafkajsOf } from './kafkajs-handle.js';
import { PartialSendError, partitionNames, partitionOf, unacknowledged } from './partition-acks.js';
import { groupByTopic } from './record-sender.js';
import type { KafkaClient, OutgoingMessage } from './types.js';

// Payload bytes per produce request: under the broker's default message.max.bytes (1 MiB) even
// if every message of a request went to one partition, with room for record overhead.
const MAX_REQUEST_BYTES = 512 * 1024;

// Re-sends of partitions a send left unacknowledged, before the send fails as a whole (and the
// caller retries it): each kafkajs attempt already waits for metadata to show the new leaders.
const RESEND_ROUNDS = 5;

type PlacedMessage = OutgoingMessage & { partition: number };

export interface EventProducerOptions {
  /**
   * Called when kafkajs reported a send complete without acknowledging some of its partitions
   * (see partition-acks.ts); those partitions' messages are sent again. For a log line or a metric.
   */
  onPartialSend?: (partitions: string[], messages: number) => void;
}

/**
 * Idempotent producer (acks=all, one request in flight) so that retries never reorder or
 * duplicate messages of one partner: designation events must keep per-partner order.
 *
 * A send resolves only once every partition it placed a message on has acknowledged it: each
 * message is placed on its partition here (the same murmur2 placement kafkajs would choose), and
 * partitions that kafkajs's answer leaves out are sent again. Sends run one at a time, so a
 * re-send reaches its partitions before any later send does.
 */
export class EventProducer {
  private readonly producer: Producer;
  private connected = false;
  private readonly partitionCounts = new Map<string, number>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly kafka: KafkaClient,
    private readonly options: EventProducerOptions = {},
  ) {
    this.producer = kafkajsOf(kafka).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // kafkajs requires unlimited retries for idempotence; the cap is on time, not attempts.
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 },
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  /**
   * Loads the topics' partition counts and kafkajs's partition metadata now (an empty send does
   * only that), so the first real send does not wait for metadata round trips.
   */
  async prepare(topics: readonly string[]): Promise<void> {
    await this.loadPartitionCounts(topics);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: topics.map((topic) => ({ topic, messages: [] })),
    });
  }

  /**
   * Resolves once every message is acknowledged by all in-sync replicas. Large lists go out as
   * several requests, one after the other (so per-key order holds): a single request whose batch
   * for one partition exceeds the broker's message.max.bytes (1 MiB by default) is rejected as
   * a whole, and retrying it can never succeed.
   */
  send(messages: OutgoingMessage[]): Promise<void> {
    const sent = this.tail.then(() => this.sendInRequests(messages));
    this.tail = sent.catch(() => undefined);
    return sent;
  }

  private async sendInRequests(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.loadPartitionCounts([...new Set(messages.map((m) => m.topic))]);
    let start = 0;
    let bytes = 0;
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i] as OutgoingMessage;
      bytes += (typeof m.value === 'string' ? Buffer.byteLength(m.value) : m.value.length) + m.key.length;
      if (bytes >= MAX_REQUEST_BYTES || i === messages.length - 1) {
        await this.sendUntilAcknowledged(messages.slice(start, i + 1).map((message) => this.place(message)));
        start = i + 1;
        bytes = 0;
      }
    }
  }

  private place(message: OutgoingMessage): PlacedMessage {
    return {
      ...message,
      partition: partitionOf(message.topic, message.key, this.partitionCounts.get(message.topic) as number),
    };
  }

  private async sendUntilAcknowledged(messages: PlacedMessage[]): Promise<void> {
    let pending = messages;
    for (let round = 1; ; round++) {
      pending = unacknowledged(pending, await this.sendOnce(pending));
      if (pending.length === 0) return;
      const partitions = partitionNames(pending);
      this.options.onPartialSend?.(partitions, pending.length);
      if (round >= RESEND_ROUNDS) throw new PartialSendError(partitions);
    }
  }

  private async sendOnce(messages: PlacedMessage[]) {
    return this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...groupByTopic(messages)].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({
          key: m.key,
          value: m.value,
          headers: m.headers,
          partition: m.partition,
        })),
      })),
    });
  }

  /**
   * Partition counts of topics not seen yet, read once: capscore's topics keep their count (a new
   * count re-keys partners, README "Scaling out"); were partitions added anyway, messages keep
   * going to the partitions counted here, which loses nothing.
   */
  private async loadPartitionCounts(topics: readonly string[]): Promise<void> {
    const unknown = topics.filter((t) => !this.partitionCounts.has(t));
    if (unknown.length === 0) return;
    const admin = kafkajsOf(this.kafka).admin();
    await admin.connect();
    try {
      for (const t of (await admin.fetchTopicMetadata({ topics: unknown })).topics) {
        if (t.partitions.length > 0) this.partitionCounts.set(t.name, t.partitions.length);
      }
    } finally {
      await admin.disconnect();
    }
    const missing = unknown.filter((t) => !this.partitionCounts.has(t));
    if (missing.length > 0) throw new Error(`no partition metadata for ${missing.join(', ')}`);
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
