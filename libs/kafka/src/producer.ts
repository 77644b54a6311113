import { CompressionTypes, type Producer } from 'kafkajs';
import { kafkajsOf } from './kafkajs-handle.js';
import type { KafkaClient, LoadMessage, OutgoingMessage } from './types.js';

// Payload bytes per produce request: under the broker's default message.max.bytes (1 MiB) even
// if every message of a request went to one partition, with room for record overhead.
const MAX_REQUEST_BYTES = 512 * 1024;

/** One produce request's topic lists, messages of each topic in the order given. */
function byTopic<M extends { topic: string }, R>(messages: readonly M[], toRecord: (m: M) => R): { topic: string; messages: R[] }[] {
  const topics = new Map<string, R[]>();
  for (const m of messages) {
    const list = topics.get(m.topic);
    if (list) list.push(toRecord(m));
    else topics.set(m.topic, [toRecord(m)]);
  }
  return [...topics].map(([topic, list]) => ({ topic, messages: list }));
}

/**
 * Idempotent producer (acks=all, one request in flight) so that retries never reorder or
 * duplicate messages of one partner: designation events must keep per-partner order.
 */
export class EventProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: KafkaClient) {
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
      topicMessages: byTopic(messages, (m) => ({ key: m.key, value: m.value, headers: m.headers })),
    });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}

/**
 * A load generator's producer (benchmarks): acks=1 and not idempotent, so the producer is never
 * the bottleneck of what it measures. Not for capscore's own output: a retry may reorder or repeat.
 */
export class LoadProducer {
  private readonly producer: Producer;

  constructor(kafka: KafkaClient) {
    this.producer = kafkajsOf(kafka).producer({ allowAutoTopicCreation: false });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  /** One produce request (callers keep it under the broker's 1 MiB; several may be in flight). */
  async send(messages: readonly LoadMessage[]): Promise<void> {
    await this.producer.sendBatch({ acks: 1, topicMessages: byTopic(messages, (m) => ({ key: m.key, value: m.value, timestamp: m.timestamp })) });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}
