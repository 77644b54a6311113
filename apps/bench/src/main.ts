import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, parseConfig } from '@app/config';
import { MCPP_PROGRAM } from '@app/scoring';
import { repoRoot } from '@app/testkit';
import { simulate } from '@app/simulation';
import { BenchInfra } from './bench-infra.js';
import { parseOptions, UsageError, type BenchOptions } from './bench-options.js';
import { hotPathBench } from './hot-path.bench.js';
import { latencyBench } from './latency.bench.js';
import { memoryBench } from './memory.bench.js';
import { partnerSizeBench } from './partner-size.bench.js';
import { consumeCeiling, runPipeline, type PipelineRunResult } from './pipeline-run.js';
import { Progress } from './progress.js';
import { recoveryBench } from './recovery.bench.js';
import { rateSweepBench } from './rate-sweep.bench.js';
import { compareRebuild } from './rebuild-check.js';
import { printTable, type BenchSummary } from './report.js';
import { ScorerProcess } from './scorer-process.js';
import { produceAll, type BenchRecord } from './stream-producer.js';

const ROOT = repoRoot();
// The month every simulated history ends with; the fixed clock is the instant it is fully scored.
const LAST_MONTH = '2026-05';

function toBenchRecords(
  partners: number,
  events: number,
  seed: number,
  prefix: string,
): { records: BenchRecord[]; partnerIds: string[]; clock: number } {
  const sim = simulate({ seed, partners, lastMonth: LAST_MONTH, partnerPrefix: prefix });
  const records = sim.records
    .slice(0, events)
    .map((r) => ({ role: r.role, key: r.key, value: r.value, eventId: r.event?.eventId ?? null }));
  const seen = new Set<string>();
  for (const r of sim.records.slice(0, events)) if (r.event) seen.add(r.event.partnerId);
  if (records.length < events) {
    process.stderr.write(
      `[bench] note: the simulation yields ${records.length} records for ${partners} partners (< ${events})\n`,
    );
  }
  return { records, partnerIds: [...seen], clock: sim.settledAt };
}

const strip = (r: PipelineRunResult & { scorers?: unknown }): PipelineRunResult => {
  const { scorers: _scorers, ...rest } = r;
  return rest;
};

/** The options as run; partner-size's and sweep's own only when that phase runs, so other summaries keep their shape. */
function optionsForSummary(options: BenchOptions): Record<string, unknown> {
  const {
    shapes,
    shapeTimeoutSeconds,
    singleEventsPerKind,
    sweepRates,
    sweepPartners,
    sweepWarmupSeconds,
    sweepSeconds,
    sweepAll,
    ...rest
  } = options;
  const partnerSize = options.phases.has('partner-size')
    ? { shapes, shapeTimeoutSeconds, singleEventsPerKind }
    : {};
  const sweep = options.phases.has('sweep')
    ? { sweepRates, sweepPartners, sweepWarmupSeconds, sweepSeconds, sweepAll }
    : {};
  return { ...rest, ...partnerSize, ...sweep, phases: [...options.phases] };
}

async function run(options: BenchOptions, infra: BenchInfra): Promise<BenchSummary> {
  const summary: BenchSummary = {
    date: new Date().toISOString(),
    // The machine is shared: the load average says how much of it the bench had.
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '?',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtStart: loadavg(),
    },
    options: optionsForSummary(options),
  };
  const p = options.phases;
  const progress = new Progress('setup');
  const needData = p.has('throughput') || p.has('rebuild') || p.has('scaleout');
  if (needData) {
    progress.say(
      `simulating ${options.events} records over ${options.partners} partners (seed ${options.seed})...`,
    );
    const data = toBenchRecords(options.partners, options.events, options.seed, 'bench');
    const topics = await infra.inputTopics('data');
    const produced = await produceAll(infra.kafka, topics, data.records, new Progress('produce'));
    summary.produce = {
      records: data.records.length,
      partners: data.partnerIds.length,
      seconds: produced.seconds,
      perSecond: data.records.length / produced.seconds,
    };
    progress.say(`produced ${data.records.length} records in ${produced.seconds.toFixed(1)} s`);

    const ceilingBefore = await consumeCeiling(infra, topics, 'ceiling-before');
    const live = await runPipeline(infra, topics, 'live', {
      instances: 1,
      clock: data.clock,
      maxBatchEvents: options.maxBatchEvents,
      sessionTimeoutMs: options.sessionTimeoutMs,
      cpuProfDir: options.cpuProfDir,
    });
    await Promise.all(live.scorers.map((s) => s.stop()));
    const ceilingAfter = await consumeCeiling(infra, topics, 'ceiling-after');
    const ceiling = (ceilingBefore.perSecond + ceilingAfter.perSecond) / 2;
    summary.throughput = {
      pipeline: strip(live),
      ceilingBefore,
      ceilingAfter,
      ratioToCeiling: live.perSecond / ceiling,
      scorerPeakRssBytes: live.peakRssBytes[0] ?? 0,
    };
    if (p.has('rebuild')) {
      const rebuilt = await runPipeline(infra, topics, 'rebuild', {
        instances: 1,
        clock: data.clock,
        maxBatchEvents: options.maxBatchEvents,
        sessionTimeoutMs: options.sessionTimeoutMs,
      });
      await Promise.all(rebuilt.scorers.map((s) => s.stop()));
      new Progress('rebuild').say('comparing rebuilt aggregates and scores with the live ones...');
      const check = await compareRebuild(
        infra.redis,
        MCPP_PROGRAM,
        live.keyPrefix,
        rebuilt.keyPrefix,
        data.partnerIds,
        data.clock,
      );
      summary.rebuild = { run: strip(rebuilt), ratioToLive: rebuilt.perSecond / live.perSecond, check };
    }
    if (p.has('scaleout')) {
      const two = await runPipeline(infra, topics, 'scaleout-2', {
        instances: 2,
        clock: data.clock,
        maxBatchEvents: options.maxBatchEvents,
        sessionTimeoutMs: options.sessionTimeoutMs,
      });
      await Promise.all(two.scorers.map((s) => s.stop()));
      // Four scorers need at least four partitions to all have work (--partitions).
      const four = await runPipeline(infra, topics, 'scaleout-4', {
        instances: 4,
        clock: data.clock,
        maxBatchEvents: options.maxBatchEvents,
        sessionTimeoutMs: options.sessionTimeoutMs,
      });
      await Promise.all(four.scorers.map((s) => s.stop()));
      // The records of the window (those committed before it are not in its CPU time either).
      const perCpu = (r: PipelineRunResult) =>
        (r.records - r.appliedBeforeWindow) / Math.max(r.scorerCpuSeconds, 1e-9);
      summary.scaleOut = {
        one: live.perSecond,
        two: strip(two),
        speedup: two.perSecond / live.perSecond,
        four: strip(four),
        speedupFour: four.perSecond / live.perSecond,
        sessionTimeoutMs: options.sessionTimeoutMs ?? parseConfig({}).kafka.sessionTimeoutMs,
        recordsPerScorerCpuSecond: { one: perCpu(live), two: perCpu(two), four: perCpu(four) },
      };
    }
  }
  if (p.has('hot-path')) {
    // The throughput run's records (same seed, partners and count), in process.
    const data = toBenchRecords(options.partners, options.events, options.seed, 'bench');
    summary.hotPath = await hotPathBench(data.records, data.clock);
  }
  if (p.has('latency')) {
    const warmup = options.rate * options.warmupSeconds;
    const count = options.rate * options.durationSeconds + warmup;
    // About 90 records per simulated partner: enough partners that the stream is complete.
    const data = toBenchRecords(Math.ceil(count / 80), count, options.seed + 1, 'lat');
    summary.latency = await latencyBench(infra, data.records, options.rate, data.clock, warmup);
  }
  if (p.has('memory')) {
    const shapes = (['uuid', 'sequential'] as const).flatMap((ids) => [
      { partnerId: `mem-typical-${ids}`, people: 10, customers: 20, workloads: 2, months: 25, ids },
      { partnerId: `mem-large-${ids}`, people: 50, customers: 200, workloads: 3, months: 25, ids },
    ]);
    const clock = Date.UTC(2026, 5, 20);
    summary.memory = await memoryBench(infra, shapes, LAST_MONTH, clock);
  }
  if (p.has('partner-size')) {
    // The memory phase's clock: every shape's history is complete and scored at it.
    summary.partnerSize = await partnerSizeBench(
      infra,
      options.shapes,
      LAST_MONTH,
      Date.UTC(2026, 5, 20),
      options.shapeTimeoutSeconds,
      options.singleEventsPerKind,
    );
  }
  if (p.has('sweep')) {
    // The latency phase's clock (the simulated history's settledAt): day 20 of the month after LAST_MONTH.
    summary.sweep = await rateSweepBench(infra, {
      rates: options.sweepRates,
      partners: options.sweepPartners,
      warmupSeconds: options.sweepWarmupSeconds,
      seconds: options.sweepSeconds,
      all: options.sweepAll,
      seed: options.seed + 2,
      lastMonth: LAST_MONTH,
      clock: Date.UTC(2026, 5, 20),
      maxBatchEvents: options.maxBatchEvents,
    });
  }
  if (p.has('recovery')) {
    // A steady stream long enough for the slowest run (the old 30 s session timeout).
    const data = toBenchRecords(options.partners, options.rate * 70, options.seed + 3, 'rec');
    const timeouts = options.recoverySessionTimeouts ?? [30_000, parseConfig({}).kafka.sessionTimeoutMs];
    summary.recovery = await recoveryBench(infra, data.records, options.rate, data.clock, timeouts);
  }
  summary.machine.loadAverageAtEnd = loadavg();
  return summary;
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 64;
    }
    throw error;
  }
  const config = parseConfig(process.env);
  const infra = new BenchInfra(config, randomUUID().slice(0, 8), options.partitions);
  await infra.connect();
  const stop = () => {
    process.stderr.write('[bench] interrupted: stopping the scorers\n');
    // Interrupted runs must not leave keys behind in a shared Redis either.
    void Promise.all([...ScorerProcess.running].map((s) => s.stop()))
      .then(() => infra.cleanup())
      .catch(() => undefined)
      .finally(() => process.exit(130));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    const summary = await run(options, infra);
    const out = resolve(
      options.out ?? join(ROOT, '.run', 'bench', `bench-${summary.date.replace(/[:.]/g, '-')}.json`),
    );
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
    printTable(summary);
    process.stdout.write(`\nJSON summary: ${out}\n`);
    return 0;
  } finally {
    await Promise.all([...ScorerProcess.running].map((s) => s.stop()));
    await infra
      .cleanup()
      .catch((error: unknown) => process.stderr.write(`[bench] cleanup failed: ${String(error)}\n`));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const text =
      error instanceof ConfigError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`capscore bench failed: ${text}\n`);
    process.exit(1);
  },
);
