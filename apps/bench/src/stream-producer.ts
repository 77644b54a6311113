import type { InputTopicRole } from '@app/contracts';
import { type KafkaClient, type RawRecord, RecordSender } from '@app/kafka';
import type { InputTopics } from './bench-infra.js';
import type { Progress } from './progress.js';

export interface BenchRecord {
  role: InputTopicRole;
  key: string | null;
  value: string | Buffer;
  /** eventId of a valid event, null for a malformed record. */
  eventId: string | null;
}

// Records per produce request: large enough that the produce phase is short compared with the
// consumption it feeds, small enough to keep one request well under the broker's 1 MiB default.
const PRODUCE_CHUNK = 2_000;

const toTopic = (topics: InputTopics, r: BenchRecord, timestamp?: string): RawRecord => ({
  topic: topics[r.role],
  key: r.key,
  value: r.value,
  ...(timestamp ? { timestamp } : {}),
});

/** Produces every record as fast as the broker takes them (acks=1, 4 requests in flight). */
export async function produceAll(
  kafka: KafkaClient,
  topics: InputTopics,
  records: readonly BenchRecord[],
  progress: Progress,
): Promise<{ seconds: number }> {
  const producer = new RecordSender(kafka, { acks: 'leader' });
  await producer.connect();
  const started = performance.now();
  try {
    const inFlight = new Set<Promise<unknown>>();
    for (let i = 0; i < records.length; i += PRODUCE_CHUNK) {
      const sent = producer.send(records.slice(i, i + PRODUCE_CHUNK).map((r) => toTopic(topics, r)));
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent)).catch(() => undefined);
      if (inFlight.size >= 4) await Promise.race(inFlight);
      progress.tick(`produced ${Math.min(i + PRODUCE_CHUNK, records.length)}/${records.length}`);
    }
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
  return { seconds: (performance.now() - started) / 1000 };
}

/**
 * Offers `records` at a fixed rate (records/s): every 10 ms it sends what is due so far, with the
 * message timestamp set to the send instant. Returns eventId → produce instant (epoch ms).
 */
export async function produceAtRate(
  kafka: KafkaClient,
  topics: InputTopics,
  records: readonly BenchRecord[],
  rate: number,
  progress: Progress,
): Promise<{ producedAt: Map<string, number>; seconds: number; late: number }> {
  const producer = new RecordSender(kafka, { acks: 'leader' });
  await producer.connect();
  const producedAt = new Map<string, number>();
  const started = Date.now();
  let sent = 0;
  let late = 0;
  const inFlight = new Set<Promise<unknown>>();
  try {
    while (sent < records.length) {
      const due = Math.min(records.length, Math.floor(((Date.now() - started) / 1000) * rate));
      if (due > sent) {
        const now = Date.now();
        const offered = records.slice(sent, due);
        for (const r of offered) {
          if (r.eventId !== null && !producedAt.has(r.eventId)) producedAt.set(r.eventId, now);
        }
        // More than 50 ms of backlog means the producer, not the schedule, set the pace.
        if (due - sent > rate / 20) late += due - sent;
        sent = due;
        const p = producer.send(offered.map((r) => toTopic(topics, r, String(now))));
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p)).catch(() => undefined);
        progress.tick(`offered ${sent}/${records.length} at ${rate}/s`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
  return { producedAt, seconds: (Date.now() - started) / 1000, late };
}
