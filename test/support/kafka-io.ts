import { randomUUID } from 'node:crypto';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { testKafka } from './infra.js';

export interface ProducedRecord {
  topic: string;
  key: string | null;
  value: string | Buffer;
}

/** Produces records in order (per key order is what matters), in chunks of a few thousand. */
export async function produce(records: readonly ProducedRecord[], chunk = 5000): Promise<void> {
  const producer = testKafka().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let i = 0; i < records.length; i += chunk) {
      const byTopic = new Map<string, { key: string | null; value: string | Buffer }[]>();
      for (const r of records.slice(i, i + chunk)) {
        const list = byTopic.get(r.topic) ?? [];
        list.push({ key: r.key, value: r.value });
        byTopic.set(r.topic, list);
      }
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Collects every message of a topic from the beginning, in a fresh group, until stopped. Each
 * message once: if the collector's own group rebalances (a test process busy for longer than its
 * session timeout), kafkajs re-delivers from the last auto-committed offset, and those copies are
 * not in the topic twice (a re-publication by capscore has an offset of its own and is kept).
 */
export class TopicCollector {
  readonly messages: KafkaMessage[] = [];
  private readonly seen = new Set<string>();
  private consumer?: Consumer;

  constructor(private readonly topic: string) {}

  async start(): Promise<void> {
    const consumer = testKafka().consumer({ groupId: `collector-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200 });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        const at = `${partition}:${message.offset}`;
        if (!this.seen.has(at)) {
          this.seen.add(at);
          this.messages.push(message);
        }
        return Promise.resolve();
      },
    });
    await joined;
  }

  json<T>(): T[] {
    return this.messages.map((m) => JSON.parse(m.value?.toString() ?? 'null') as T);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
