import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { BatchConsumer } from './batch-consumer.js';
import type { ConsumedRecord } from './types.js';

/**
 * Reads a whole topic once: from the beginning, in a fresh consumer group, up to the end
 * offsets it had when the read started (records produced meanwhile are not waited for).
 * Records come back in partition order, then offset order.
 */
export async function readTopicToEnd(kafka: Kafka, topic: string, groupPrefix: string): Promise<ConsumedRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: { partition: number; high: string; low: string }[];
  try {
    ends = await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  // The last offset to read per partition; empty partitions (high == low) need no reading.
  const pending = new Map<number, bigint>();
  for (const e of ends) if (BigInt(e.high) > BigInt(e.low)) pending.set(e.partition, BigInt(e.high) - 1n);
  if (pending.size === 0) return [];

  const records: ConsumedRecord[] = [];
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const consumer = new BatchConsumer(kafka, {
    groupId: `${groupPrefix}-${randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
    partitionsConsumedConcurrently: 1,
    onCrash: (error) => fail(error),
  });
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  try {
    await Promise.race([
      consumer.start((batch) => {
        const last = pending.get(batch.partition);
        if (last === undefined) return Promise.resolve();
        for (const r of batch.records) {
          if (BigInt(r.offset) > last) break;
          records.push(r);
          batch.markProcessed(r.offset);
        }
        const tail = batch.records.at(-1);
        if (tail && BigInt(tail.offset) >= last) pending.delete(batch.partition);
        if (pending.size === 0) finish();
        return Promise.resolve();
      }),
      failed,
    ]);
    await Promise.race([finished, failed]);
  } finally {
    await consumer.stop();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
