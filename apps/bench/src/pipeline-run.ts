import { redisEnvironment } from '@app/config';
import { infoOfMasters } from '@app/redis';
import { BatchConsumer } from '@app/kafka';
import type { BenchInfra, InputTopics } from './bench-infra.js';
import { Progress } from './progress.js';
import { ScorerProcess, type ScorerCounters } from './scorer-process.js';

export interface RunResult {
  records: number;
  /** First applied (or consumed) record to the last, seconds. */
  seconds: number;
  perSecond: number;
}

export interface PipelineRunResult extends RunResult {
  instances: number;
  keyPrefix: string;
  peakRssBytes: number[];
  /** Records committed at the first poll that saw work (excluded from the rate: their time is unknown). */
  appliedBeforeWindow: number;
  commandStats: Record<string, { calls: number; usecPerCall: number }>;
  /** Summed over the instances: partner evaluations, chunks, designation transitions. */
  evaluations: number;
  chunks: number;
  transitions: number;
  /** CPU seconds the scorers used inside the window, and Redis's (the whole server's) CPU. */
  scorerCpuSeconds: number;
  redisCpuSeconds: number;
  /**
   * Records applied or dead-lettered by the scorers over the records of the topics: above 1 when
   * units were redone (a member dropped from its group and its partitions processed again).
   */
  handledPerRecord: number;
}

// How often the scorers' /metrics are read: the resolution of "first" and "last applied".
const POLL_MS = 100;

const inputList = (t: InputTopics) => [t.certifications, t.revenue, t.customerSuccess];

/**
 * The consume-only ceiling: the same kafkajs consumer the scorer uses (libs/kafka BatchConsumer,
 * same fetch sizes, same per-batch offset commit), with a handler that only counts.
 */
export async function consumeCeiling(
  infra: BenchInfra,
  topics: InputTopics,
  name: string,
): Promise<RunResult> {
  const total = await infra.recordCount(inputList(topics));
  const progress = new Progress(name);
  let seen = 0;
  let seenAtFirst = 0;
  let first = 0;
  let last = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const consumer = new BatchConsumer(infra.kafka, {
    groupId: `bench-${infra.runId}-${name}`,
    topics: inputList(topics),
  });
  await consumer.start((batch) => {
    seen += batch.records.length;
    if (first === 0) {
      first = performance.now();
      seenAtFirst = seen;
    }
    progress.tick(`consumed ${seen}/${total}`);
    if (seen >= total && last === 0) {
      last = performance.now();
      resolveDone();
    }
    return Promise.resolve();
  });
  await done;
  await consumer.stop();
  // Like the pipeline's window: from the end of the first batch, which is left out of the rate.
  const seconds = (last - first) / 1000;
  const perSecond = (total - seenAtFirst) / seconds;
  progress.say(`${total} records: ${Math.round(perSecond)}/s`);
  return { records: total, seconds, perSecond };
}

/** used_cpu_user + used_cpu_sys of the Redis server, summed over a cluster's masters (shared: other clients count too). */
async function redisCpuSeconds(infra: BenchInfra): Promise<number> {
  let seconds = 0;
  for (const text of (await infraInfo(infra, 'cpu')).values()) {
    const field = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(text)?.[1] ?? 0);
    seconds += field('used_cpu_user') + field('used_cpu_sys');
  }
  return seconds;
}

/** Calls and µs per command, summed over a cluster's masters. */
async function commandStats(infra: BenchInfra): Promise<Map<string, [number, number]>> {
  const stats = new Map<string, [number, number]>();
  for (const text of (await infraInfo(infra, 'commandstats')).values()) {
    for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
      const [calls, usec] = stats.get(m[1] as string) ?? [0, 0];
      stats.set(m[1] as string, [calls + Number(m[2]), usec + Number(m[3])]);
    }
  }
  return stats;
}

const infraInfo = (infra: BenchInfra, section: string) => infoOfMasters(infra.redis, section);

/**
 * Starts `instances` scorers in a fresh consumer group and key prefix on `topics` (offset 0) and
 * measures from the first applied record to the moment every record is applied (metrics) and
 * committed (group lag 0). Returns with the scorers stopped unless `keep` is set.
 */
export async function runPipeline(
  infra: BenchInfra,
  topics: InputTopics,
  name: string,
  options: {
    instances: number;
    clock: number;
    maxBatchEvents?: number;
    sessionTimeoutMs?: number;
    cpuProfDir?: string;
  },
): Promise<PipelineRunResult & { scorers: ScorerProcess[] }> {
  const total = await infra.recordCount(inputList(topics));
  const output = await infra.outputTopics(name);
  const groupId = `bench-${infra.runId}-${name}`;
  const keyPrefix = infra.keyPrefix(name);
  const progress = new Progress(name);
  const statsBefore = await commandStats(infra);
  const spec = {
    brokers: infra.config.kafka.brokers,
    redisEnv: redisEnvironment(infra.config.redis),
    groupId,
    keyPrefix,
    input: topics,
    output,
    clock: options.clock,
    maxBatchEvents: options.maxBatchEvents,
    cpuProfDir: options.cpuProfDir,
    ...(options.sessionTimeoutMs
      ? { env: { KAFKA_SESSION_TIMEOUT_MS: String(options.sessionTimeoutMs) } }
      : {}),
  };
  // Started together so that both join the group at about the same time; each waits for its
  // readiness (= it owns partitions), which for the last one means the group has settled.
  const scorers = await Promise.all(
    Array.from({ length: options.instances }, (_, i) =>
      ScorerProcess.start({ ...spec, name: `${name}-${i}` }),
    ),
  );
  // The window starts at the first poll that sees work, once every instance owns its partitions,
  // and ends when every record is applied and committed; records committed before the window
  // are left out of the rate, since when they were applied is unknown.
  let first = 0;
  let last: number;
  let handledAtFirst = 0;
  let cpuAtFirst = 0;
  let redisCpuAtFirst = 0;
  let counters: ScorerCounters[];
  for (;;) {
    counters = await Promise.all(scorers.map((s) => s.counters()));
    const handled = counters.reduce((n, c) => n + c.applied + c.dlq, 0);
    const now = performance.now();
    if (handled > 0 && first === 0) {
      first = now;
      cpuAtFirst = scorers.reduce((n, s) => n + s.cpuSeconds(), 0);
      redisCpuAtFirst = await redisCpuSeconds(infra);
      // Records not yet committed at the start of the window: what the window has to process.
      // (The metric would count records redelivered after a rebalance twice; the lag does not.)
      handledAtFirst = total - (await infra.lag(groupId, inputList(topics)));
    }
    progress.tick(
      `applied ${handled}/${total}${first ? ` (${Math.round(handled / ((now - first) / 1000 || 1))}/s)` : ''}`,
    );
    if (handled >= total && (await infra.lag(groupId, inputList(topics))) === 0) {
      last = performance.now();
      break;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const scorerCpuSeconds = scorers.reduce((n, s) => n + s.cpuSeconds(), 0) - cpuAtFirst;
  const redisCpu = (await redisCpuSeconds(infra)) - redisCpuAtFirst;
  const statsAfter = await commandStats(infra);
  const stats: PipelineRunResult['commandStats'] = {};
  for (const [cmd, [calls, usec]] of statsAfter) {
    const [c0, u0] = statsBefore.get(cmd) ?? [0, 0];
    if (calls - c0 > 0) {
      stats[cmd] = { calls: calls - c0, usecPerCall: Math.round(((usec - u0) / (calls - c0)) * 100) / 100 };
    }
  }
  const seconds = (last - first) / 1000;
  const perSecond = (total - handledAtFirst) / seconds;
  const perCpuSecond = (total - handledAtFirst) / Math.max(scorerCpuSeconds, 1e-9);
  progress.say(
    `${total} records by ${options.instances} scorer(s): ${Math.round(perSecond)}/s (${seconds.toFixed(2)} s after the first ${handledAtFirst}), ` +
      `${Math.round(perCpuSecond)} per scorer CPU second`,
  );
  return {
    records: total,
    seconds,
    perSecond,
    appliedBeforeWindow: handledAtFirst,
    instances: options.instances,
    keyPrefix,
    peakRssBytes: scorers.map((s) => s.samplePeakRss()),
    commandStats: stats,
    evaluations: counters.reduce((n, c) => n + c.evaluations, 0),
    chunks: counters.reduce((n, c) => n + c.chunks, 0),
    transitions: counters.reduce((n, c) => n + c.transitions, 0),
    scorerCpuSeconds,
    redisCpuSeconds: redisCpu,
    handledPerRecord: counters.reduce((n, c) => n + c.applied + c.dlq, 0) / total,
    scorers,
  };
}
