import { topicRoleOfType, type InputEvent } from '@app/contracts';
import { addMonths, iso, monthStart, Random } from '@app/simulation';
import type { BenchInfra } from './bench-infra.js';
import { bucketsSince, histogramPercentiles, type Percentiles } from './latency.bench.js';
import { CERTS, customerIdOf, REVENUE_WORKLOADS, USAGE_WORKLOADS } from './partner-events.js';
import { Progress } from './progress.js';
import { ScorerProcess, type ScorerCounters } from './scorer-process.js';
import { produceAtRate, type BenchRecord } from './stream-producer.js';

/** The question the sweep answers: the highest offered rate at which produce → applied p99 stays within this. */
export const SWEEP_TARGET_P99_MS = 100;
/**
 * A step is *sustained* when at most this share of its measured records were sent more than
 * 50 ms behind schedule (produceAtRate's `late`). Latency is measured from the actual send
 * instant, so records the producer could not send on time hide part of their wait; beyond 1 %
 * they could hide the p99 itself. One 60 ms stall of the bench process costs about 0.3 % of a
 * 20 s window, so a single hiccup of a shared machine does not end the sweep.
 */
export const SWEEP_MAX_LATE_SHARE = 0.01;
/** A drain that makes no progress for this long means the scorer is stuck: the sweep fails. */
const DRAIN_STALL_MS = 120_000;
const DAY = 86_400_000;

export interface SweepOptions {
  rates: readonly number[];
  partners: number;
  warmupSeconds: number;
  seconds: number;
  /** Run every rate, not only up to the first that misses the target. */
  all: boolean;
  seed: number;
  /** The month the events' months end with, and the scorer's fixed clock (after it). */
  lastMonth: string;
  clock: number;
  maxBatchEvents?: number;
}

export interface SweepStep {
  offeredPerSecond: number;
  warmup: { seconds: number; records: number; lateRecords: number; applied: Percentiles };
  /** Seconds the measured records took to offer (the last acknowledgements included). */
  seconds: number;
  records: number;
  /** Measured records sent more than 50 ms behind schedule. */
  lateRecords: number;
  sustained: boolean;
  /** From the last measured record offered to every record applied (the backlog left). */
  drainSeconds: number;
  /** ms, produce → applied / published, from the scorer's histogram over the measured window. */
  applied: Percentiles;
  published: Percentiles;
  /** Records the scorer dead-lettered in the measured window (the stream is valid: 0). */
  dlq: number;
  /** Scorer CPU (user + system) from the window's first record offered to its last applied, raw (idle polling included). */
  scorerCpuSeconds: number;
  scorerCpuSecondsPer1000Records: number;
  /** p99 ≤ the target and sustained. */
  withinTarget: boolean;
}

export interface SweepResult {
  partners: number;
  warmupSeconds: number;
  seconds: number;
  targetP99Ms: number;
  steps: SweepStep[];
  /**
   * The highest rate of the run of steps, from the lowest rate up, that all stayed within the
   * target; null when the lowest rate already missed it.
   */
  highestRateWithinTarget: number | null;
  /** Why the sweep ended before its last rate (absent when every rate ran). */
  stoppedAfter?: string;
  /** The error that ended the sweep (a stuck or exited scorer), with the steps measured before it. */
  failed?: string;
  /** Scorer CPU while idle (2 s before the first step): subtract it × window to get a net figure. */
  scorerIdleCpuSecondsPerSecond: number;
  scorerPeakRssBytes: number;
}

/**
 * Single input events for partners drawn uniformly from `partners` ids: 45 % revenue.recorded,
 * 45 % usage.reported, 10 % certification.earned; UUID-like eventIds; months within the last 12
 * up to `lastMonth`, every instant before `clock`. Seeded: the same seed and rates give the same
 * stream. Records are made a step at a time (`take`), never the whole sweep at once.
 */
export class SweepEvents {
  private readonly rng: Random;
  private readonly width: number;

  constructor(
    readonly partners: number,
    seed: number,
    private readonly lastMonth: string,
    private readonly clock: number,
  ) {
    this.rng = new Random(seed);
    this.width = String(partners - 1).length;
  }

  take(count: number): BenchRecord[] {
    const out: BenchRecord[] = new Array<BenchRecord>(count);
    for (let i = 0; i < count; i++) {
      const event = this.next();
      out[i] = {
        role: topicRoleOfType(event.type),
        key: event.partnerId,
        value: JSON.stringify(event),
        eventId: event.eventId,
      };
    }
    return out;
  }

  private next(): InputEvent {
    const rng = this.rng;
    const partnerId = `sweep-${String(Math.floor(rng.next() * this.partners)).padStart(this.width, '0')}`;
    const eventId = this.uuid();
    const kind = rng.next();
    if (kind < 0.9) {
      const month = addMonths(this.lastMonth, -rng.int(0, 11));
      // Reported in the first 18 days of the following month: before the clock (day 20 after lastMonth).
      const occurredAt = iso(monthStart(addMonths(month, 1)) + rng.int(0, 18 * 86_400 - 1) * 1000);
      const customerId = customerIdOf(rng.int(0, 19));
      if (kind < 0.45) {
        return {
          eventId,
          type: 'revenue.recorded',
          partnerId,
          occurredAt,
          data: {
            customerId,
            workload: rng.pick(REVENUE_WORKLOADS),
            month,
            amountUsd: rng.int(1_000, 500_000) / 100,
          },
        };
      }
      const paidLicenses = rng.int(20, 419);
      return {
        eventId,
        type: 'usage.reported',
        partnerId,
        occurredAt,
        data: {
          customerId,
          workload: rng.pick(USAGE_WORKLOADS),
          month,
          paidLicenses,
          activeUsers: Math.floor(paidLicenses * rng.next()),
        },
      };
    }
    const earnedAt = this.clock - rng.int(1, 365 * 86_400) * 1000;
    return {
      eventId,
      type: 'certification.earned',
      partnerId,
      occurredAt: iso(earnedAt),
      data: {
        individualId: `person-${rng.int(0, 29)}`,
        certificationId: rng.pick(CERTS),
        earnedAt: iso(earnedAt),
        expiresAt: iso(earnedAt + 730 * DAY),
      },
    };
  }

  /** A version-4-shaped UUID from four 32-bit draws. */
  private uuid(): string {
    const hex = () =>
      Math.floor(this.rng.next() * 2 ** 32)
        .toString(16)
        .padStart(8, '0');
    const [a, b, c, d] = [hex(), hex(), hex(), hex()];
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-a${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** The answer line: "highest rate with p99 ≤ 100 ms: N rec/s over 100,000 partners", with what bounds it. */
export function sweepAnswer(sw: SweepResult): string {
  const head = `highest rate with p99 ≤ ${sw.targetP99Ms} ms:`;
  const tail = `over ${n(sw.partners)} partners`;
  if (sw.highestRateWithinTarget === null) {
    return `${head} none of the rates tried ${tail} (lowest ${n(sw.steps[0]?.offeredPerSecond ?? 0)} rec/s)`;
  }
  const last = sw.steps[sw.steps.length - 1];
  const bound =
    last?.withinTarget && !sw.failed
      ? ' (the highest rate tried: a lower bound)'
      : sw.failed
        ? ' (sweep failed after it)'
        : '';
  return `${head} ${n(sw.highestRateWithinTarget)} rec/s ${tail}${bound}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Waits until the scorer has applied (or dead-lettered) `total` records since it started. */
async function drain(scorer: ScorerProcess, total: number, progress: Progress): Promise<ScorerCounters> {
  let seen = -1;
  let movedAt = Date.now();
  for (;;) {
    const c = await scorer.counters();
    const done = c.applied + c.dlq;
    if (done >= total) return c;
    if (done !== seen) {
      seen = done;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > DRAIN_STALL_MS) {
      throw new Error(
        `sweep: the scorer applied nothing for ${DRAIN_STALL_MS / 1000} s (${done}/${total}):\n${scorer.tail(20)}`,
      );
    }
    progress.tick(`waiting for the tail: ${done}/${total}`);
    await sleep(100);
  }
}

/**
 * Latency rate sweep: one scorer on fresh topics; for each rate, a warm-up offered at that rate
 * and drained, then the measured window at that rate and drained, produce → applied from the
 * scorer's histogram deltas over the measured window. Stops after the first rate whose p99 is
 * over the target or whose producer fell behind (unless `all`).
 */
export async function rateSweepBench(infra: BenchInfra, options: SweepOptions): Promise<SweepResult> {
  const progress = new Progress('sweep');
  const input = await infra.inputTopics('sweep');
  const output = await infra.outputTopics('sweep');
  const scorer = await ScorerProcess.start(
    infra.scorerSpec('sweep', input, output, options.clock, options.maxBatchEvents),
  );
  const events = new SweepEvents(options.partners, options.seed, options.lastMonth, options.clock);
  const result: SweepResult = {
    partners: options.partners,
    warmupSeconds: options.warmupSeconds,
    seconds: options.seconds,
    targetP99Ms: SWEEP_TARGET_P99_MS,
    steps: [],
    highestRateWithinTarget: null,
    scorerIdleCpuSecondsPerSecond: 0,
    scorerPeakRssBytes: 0,
  };
  let offeredSoFar = 0;
  try {
    const idle0 = scorer.cpuSeconds();
    await sleep(2_000);
    result.scorerIdleCpuSecondsPerSecond = Math.round(((scorer.cpuSeconds() - idle0) / 2) * 1000) / 1000;
    for (const [index, rate] of options.rates.entries()) {
      const warmupRecords = events.take(rate * options.warmupSeconds);
      progress.say(`${rate}/s: warm-up, ${warmupRecords.length} records over ${options.partners} partners`);
      const before = await scorer.counters();
      const warm = await produceAtRate(infra.kafka, input, warmupRecords, rate, progress);
      offeredSoFar += warmupRecords.length;
      const afterWarmup = await drain(scorer, offeredSoFar, progress);

      const measured = events.take(rate * options.seconds);
      progress.say(`${rate}/s: offering ${measured.length} records`);
      const cpu0 = scorer.cpuSeconds();
      const offered = await produceAtRate(infra.kafka, input, measured, rate, progress);
      const offeredAt = Date.now();
      offeredSoFar += measured.length;
      const after = await drain(scorer, offeredSoFar, progress);
      const cpu = scorer.cpuSeconds() - cpu0;
      const since = (stage: string) =>
        bucketsSince(after.latency.get(stage) ?? [], afterWarmup.latency.get(stage) ?? []);
      const warmBuckets = bucketsSince(
        afterWarmup.latency.get('applied') ?? [],
        before.latency.get('applied') ?? [],
      );
      const sustained = offered.late <= SWEEP_MAX_LATE_SHARE * measured.length;
      const applied = histogramPercentiles(since('applied'));
      const step: SweepStep = {
        offeredPerSecond: rate,
        warmup: {
          seconds: round1(warm.seconds),
          records: warmupRecords.length,
          lateRecords: warm.late,
          applied: histogramPercentiles(warmBuckets),
        },
        seconds: round1(offered.seconds),
        records: measured.length,
        lateRecords: offered.late,
        sustained,
        drainSeconds: round1((Date.now() - offeredAt) / 1000),
        applied,
        published: histogramPercentiles(since('published')),
        dlq: after.dlq - afterWarmup.dlq,
        scorerCpuSeconds: Math.round(cpu * 100) / 100,
        scorerCpuSecondsPer1000Records: Math.round((cpu / measured.length) * 1000 * 1000) / 1000,
        withinTarget: sustained && applied.p99 <= SWEEP_TARGET_P99_MS,
      };
      result.steps.push(step);
      if (step.withinTarget && result.steps.every((s) => s.withinTarget)) {
        result.highestRateWithinTarget = rate;
      }
      progress.say(
        `${rate}/s: applied p50/p95/p99 ${applied.p50}/${applied.p95}/${applied.p99} ms over ${applied.count} records; ` +
          `${offered.late} late${sustained ? '' : ' (NOT SUSTAINED)'}; drain ${step.drainSeconds} s; scorer ${step.scorerCpuSecondsPer1000Records} CPU-s per 1,000`,
      );
      if (!step.withinTarget && !options.all && index < options.rates.length - 1) {
        result.stoppedAfter = `${rate}/s: ${sustained ? `p99 ${applied.p99} ms > ${SWEEP_TARGET_P99_MS} ms` : `not sustained (${offered.late} of ${measured.length} records late)`}`;
        progress.say(`stopping after ${result.stoppedAfter} (--sweep-all runs every rate)`);
        break;
      }
    }
    progress.say(sweepAnswer(result));
    return result;
  } catch (error) {
    // A long sweep keeps the steps it measured; the table shows the failure.
    result.failed = error instanceof Error ? error.message : String(error);
    progress.say(`FAILED: ${result.failed}`);
    return result;
  } finally {
    result.scorerPeakRssBytes = scorer.samplePeakRss();
    await scorer.stop();
  }
}
