import { randomUUID } from 'node:crypto';
import { BatchConsumer, type ConsumedRecord, type RawRecord, RecordSender } from '@app/kafka';
import { testKafka } from './infra.js';

/** Produces records in order (per key order is what matters), in requests of a few thousand. */
export async function produce(records: readonly RawRecord[], chunk = 5000): Promise<void> {
  const sender = new RecordSender(testKafka(), { acks: 'all' });
  await sender.connect();
  try {
    for (let i = 0; i < records.length; i += chunk) await sender.send(records.slice(i, i + chunk));
  } finally {
    await sender.disconnect();
  }
}

/**
 * Collects every message of a topic from the beginning, in a fresh group, until stopped. Each
 * message once: if the collector's own group rebalances (a test process busy for longer than its
 * session timeout), the batch since the last commit is delivered again, and those copies are not
 * in the topic twice (a re-publication by capscore has an offset of its own and is kept).
 */
export class TopicCollector {
  readonly messages: ConsumedRecord[] = [];
  private readonly seen = new Set<string>();
  private consumer?: BatchConsumer;

  constructor(private readonly topic: string) {}

  /** Resolves once the collector's group has its partitions. */
  async start(): Promise<void> {
    this.consumer = new BatchConsumer(testKafka(), {
      groupId: `collector-${randomUUID()}`,
      topics: [this.topic],
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
    });
    await this.consumer.start((batch) => {
      for (const record of batch.records) {
        const at = `${record.partition}:${record.offset}`;
        if (!this.seen.has(at)) {
          this.seen.add(at);
          this.messages.push(record);
        }
        batch.markProcessed(record.offset);
      }
      return Promise.resolve();
    });
  }

  json<T>(): T[] {
    return this.messages.map((m) => JSON.parse(m.value?.toString() ?? 'null') as T);
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
