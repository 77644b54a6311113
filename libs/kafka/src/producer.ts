import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { groupByTopic } from './record-sender.js';
import type { OutgoingMessage } from './types.js';

// Payload bytes per produce request: under the broker's default message.max.bytes (1 MiB) even
// if every message of a request went to one partition, with room for record overhead.
const MAX_REQUEST_BYTES = 512 * 1024;

/**
 * Idempotent producer (acks=all, one request in flight) so that retries never reorder or
 * duplicate messages of one partner: designation events must keep per-partner order.
 */
export class EventProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
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
   * Loads the topics' partition metadata now (an empty send does only that), so the first real
   * send does not wait for a metadata round trip.
   */
  async prepare(topics: readonly string[]): Promise<void> {
    await this.producer.sendBatch({ acks: -1, topicMessages: topics.map((topic) => ({ topic, messages: [] })) });
  }

  /**
   * Resolves once every message is acknowledged by all in-sync replicas. Large lists go out as
   * several requests, one after the other (so per-key order holds): a single request whose batch
   * for one partition exceeds the broker's message.max.bytes (1 MiB by default) is rejected as
   * a whole, and retrying it can never succeed.
   */
  async send(messages: OutgoingMessage[]): Promise<void> {
    let start = 0;
    let bytes = 0;
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i] as OutgoingMessage;
      bytes += (typeof m.value === 'string' ? Buffer.byteLength(m.value) : m.value.length) + m.key.length;
      if (bytes >= MAX_REQUEST_BYTES || i === messages.length - 1) {
        await this.sendOnce(messages.slice(start, i + 1));
        start = i + 1;
        bytes = 0;
      }
    }
  }

  private async sendOnce(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...groupByTopic(messages)].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
