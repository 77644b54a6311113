import { BatchConsumer } from '@app/kafka';
import type { BenchInfra } from './bench-infra.js';
import { Progress } from './progress.js';
import { ScorerProcess } from './scorer-process.js';
import { produceAtRate, type BenchRecord } from './stream-producer.js';

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max?: number;
}

export interface LatencyResult {
  offeredPerSecond: number;
  /**
   * The same stream's first records, offered at the same rate before the measured window and
   * drained; what a freshly started scorer (and broker) shows in its first seconds.
   */
  warmup: { seconds: number; records: number; applied: Percentiles; published: Percentiles };
  seconds: number;
  records: number;
  /** Records sent more than 50 ms behind schedule (the producer could not keep the rate). */
  lateRecords: number;
  /** ms; from the scorer's histogram, interpolated within buckets. */
  applied: Percentiles;
  published: Percentiles;
  /** ms; exact, from the designation records' timestamps and their cause's produce instant. */
  designation: Percentiles;
  /**
   * The scorer's CPU (user + system) per measured record, in ms, from the end of the warm-up to
   * the last record applied: the figure that other load on the machine does not distort (idle
   * polling included, as in the rate sweep).
   */
  scorerCpuMsPerRecord: number;
}

/** Percentiles (ms) of a Prometheus histogram's cumulative buckets [upper bound s, count]. */
export function histogramPercentiles(buckets: readonly [number, number][]): Percentiles {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const count = sorted[sorted.length - 1]?.[1] ?? 0;
  const at = (q: number): number => {
    const target = q * count;
    let prevLe = 0;
    let prevCount = 0;
    for (const [le, c] of sorted) {
      if (c >= target) {
        if (!Number.isFinite(le)) return prevLe * 1000;
        const share = c === prevCount ? 0 : (target - prevCount) / (c - prevCount);
        return (prevLe + (le - prevLe) * share) * 1000;
      }
      prevLe = le;
      prevCount = c;
    }
    return NaN;
  };
  return { count, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)) };
}

export function exactPercentiles(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { count: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] ?? NaN };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Cumulative bucket counts of `after` minus those of `before` (same bounds). */
export function bucketsSince(
  after: readonly [number, number][],
  before: readonly [number, number][],
): [number, number][] {
  const earlier = new Map(before);
  return after.map(([le, count]) => [le, count - (earlier.get(le) ?? 0)]);
}

/**
 * Offers `records` at `rate` records/s to a running scorer (fresh topics, the scorer already owns
 * its partitions) and measures produce → applied / published (scorer histogram) and produce →
 * designation event published (exact, per designation event caused by an input event). The
 * first `warmupRecords` are a warm-up, as in the OpenMessaging Benchmark: offered at the same
 * rate and drained before the measured window starts, and reported on their own.
 */
export async function latencyBench(
  infra: BenchInfra,
  records: readonly BenchRecord[],
  rate: number,
  clock: number,
  warmupRecords: number,
): Promise<LatencyResult> {
  const progress = new Progress('latency');
  const input = await infra.inputTopics('latency');
  const output = await infra.outputTopics('latency');
  const scorer = await ScorerProcess.start(infra.scorerSpec('latency', input, output, clock));
  const designations: { cause: string; publishedAt: number }[] = [];
  const consumer = new BatchConsumer(infra.kafka, {
    groupId: `bench-${infra.runId}-latency-designations`,
    topics: [output.designations],
    fromBeginning: true,
    maxWaitTimeMs: 50,
  });
  try {
    await consumer.start((batch) => {
      for (const record of batch.records) {
        const body = JSON.parse(record.value?.toString('utf8') ?? '{}') as {
          data?: { cause?: { kind: string; eventId?: string } };
        };
        const cause = body.data?.cause;
        if (cause?.kind === 'event' && cause.eventId) {
          designations.push({ cause: cause.eventId, publishedAt: Number(record.timestamp) });
        }
        batch.markProcessed(record.offset);
      }
      return Promise.resolve();
    });
    const drain = async (total: number) => {
      for (;;) {
        const c = await scorer.counters();
        if (c.applied + c.dlq >= total) return c;
        progress.tick(`waiting for the tail: ${c.applied + c.dlq}/${total}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    progress.say(`warm-up: offering ${warmupRecords} records at ${rate}/s`);
    const warmup = await produceAtRate(infra.kafka, input, records.slice(0, warmupRecords), rate, progress);
    const afterWarmup = await drain(warmupRecords);
    const cpuAfterWarmup = scorer.cpuSeconds();
    const measured = records.slice(warmupRecords);
    progress.say(`offering ${measured.length} records at ${rate}/s`);
    const offered = await produceAtRate(infra.kafka, input, measured, rate, progress);
    await drain(records.length);
    const measuredCpuSeconds = scorer.cpuSeconds() - cpuAfterWarmup;
    // Designation events of the last batches are still on their way to our consumer.
    await new Promise((r) => setTimeout(r, 3_000));
    const counters = await scorer.counters();
    const deltas = designations.flatMap((d) => {
      const at = offered.producedAt.get(d.cause);
      return at === undefined ? [] : [d.publishedAt - at];
    });
    const since = (stage: string) =>
      bucketsSince(counters.latency.get(stage) ?? [], afterWarmup.latency.get(stage) ?? []);
    const result: LatencyResult = {
      offeredPerSecond: rate,
      warmup: {
        seconds: Math.round(warmup.seconds * 10) / 10,
        records: warmupRecords,
        applied: histogramPercentiles(afterWarmup.latency.get('applied') ?? []),
        published: histogramPercentiles(afterWarmup.latency.get('published') ?? []),
      },
      seconds: Math.round(offered.seconds * 10) / 10,
      records: measured.length,
      lateRecords: offered.late,
      applied: histogramPercentiles(since('applied')),
      published: histogramPercentiles(since('published')),
      designation: exactPercentiles(deltas),
      scorerCpuMsPerRecord: Math.round((measuredCpuSeconds / measured.length) * 1e6) / 1e3,
    };
    progress.say(
      `applied p50/p95/p99 ${result.applied.p50}/${result.applied.p95}/${result.applied.p99} ms; designation ${result.designation.p50}/${result.designation.p95}/${result.designation.p99} ms (${deltas.length} events)`,
    );
    return result;
  } finally {
    await consumer.stop();
    await scorer.stop();
  }
}
