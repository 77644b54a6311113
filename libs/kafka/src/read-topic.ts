import { randomUUID } from 'node:crypto';
import { topicOffsets } from './admin.js';
import { BatchConsumer } from './batch-consumer.js';
import type { ConsumedRecord, KafkaClient } from './types.js';

/**
 * Reads whole topics once: from the beginning, in a fresh consumer group, up to the end offsets
 * they had when the read started (records produced meanwhile are not waited for). `onRecord` sees
 * each partition's records in offset order, partitions interleaved; it may keep or drop them, so
 * a caller that needs only part of a large log does not hold all of it. `onTotal` hears how many
 * records that is before the first one arrives.
 */
export async function forEachRecordToEnd(
  kafka: KafkaClient,
  topics: readonly string[],
  groupPrefix: string,
  onRecord: (record: ConsumedRecord) => void,
  onTotal: (records: number) => void = () => undefined,
): Promise<void> {
  // The last offset to read per topic and partition; empty partitions (high == low) need no reading.
  const pending = new Map<string, bigint>();
  const lows = new Map<string, bigint>();
  for (const topic of topics) {
    for (const e of await topicOffsets(kafka, topic)) {
      if (BigInt(e.high) <= BigInt(e.low)) continue;
      pending.set(`${topic}\u0000${e.partition}`, BigInt(e.high) - 1n);
      lows.set(`${topic}\u0000${e.partition}`, BigInt(e.low));
    }
  }
  let total = 0n;
  for (const [slot, last] of pending) total += last + 1n - (lows.get(slot) ?? 0n);
  onTotal(Number(total));
  if (pending.size === 0) return;

  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const consumer = new BatchConsumer(kafka, {
    groupId: `${groupPrefix}-${randomUUID()}`,
    topics: [...topics],
    fromBeginning: true,
    partitionsConsumedConcurrently: 1,
    onCrash: (error) => fail(error),
  });
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  try {
    await Promise.race([
      consumer.start((batch) => {
        const slot = `${batch.topic}\u0000${batch.partition}`;
        const last = pending.get(slot);
        if (last === undefined) return Promise.resolve();
        for (const r of batch.records) {
          if (BigInt(r.offset) > last) break;
          onRecord(r);
          batch.markProcessed(r.offset);
        }
        const tail = batch.records.at(-1);
        if (tail && BigInt(tail.offset) >= last) pending.delete(slot);
        if (pending.size === 0) finish();
        return Promise.resolve();
      }),
      failed,
    ]);
    await Promise.race([finished, failed]);
  } finally {
    await consumer.stop();
  }
}

/** One topic read to its end (forEachRecordToEnd), in partition order, then offset order. */
export async function readTopicToEnd(
  kafka: KafkaClient,
  topic: string,
  groupPrefix: string,
): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  await forEachRecordToEnd(kafka, [topic], groupPrefix, (r) => records.push(r));
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
