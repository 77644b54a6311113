// `npm run soak -- --minutes N [--rate 1000] [--partners 1000] [--sample 10] [--out DIR] [--keep]`
// (scripts/soak.mjs brings up the infrastructure and runs this built file).
//
// Runs the built scorer against a steady stream for N minutes and records, every --sample
// seconds, the consumer lag, the scorer's RSS and heap, and Redis memory; at the end it prints
// the least-squares slope of each (per hour) over the steady part of the run (after the first
// full cycle through the stream's fixed universe of facts, see soak-stream.ts) and writes
// samples.csv, summary.json and the scorer log to --out (default .run/soak/<timestamp>). Topics,
// group and key prefix are private to the run and removed at the end (--keep leaves them). Exits
// 1 if the scorer died, the lag did not drain within a minute of the producer stopping, or
// anything was dead-lettered; 2 on a usage or configuration error.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseConfig } from '@app/config';
import { RecordSender } from '@app/kafka';
import { infoOfMasters } from '@app/redis';
import { repoRoot } from '@app/testkit';
import { BenchInfra, type InputTopics, type OutputTopics } from '../bench-infra.js';
import { ScorerProcess } from '../scorer-process.js';
import {
  csvRow,
  PROGRESS_HEADER,
  progressLine,
  SAMPLE_COLUMNS,
  slopes,
  soakReport,
  type SoakSample,
  type SoakSummary,
  spreads,
} from './soak-report.js';
import { parseSoakOptions, type SoakOptions, SoakUsageError } from './soak-options.js';
import { createSoakStream, type SoakStream } from './soak-stream.js';

const PARTITIONS = 4;
const log = (line: string) => process.stderr.write(`[soak] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let stopping = false;

/** Offers the stream at `rate` events/s until `endAt`: a token bucket, so the rate holds even when a send is slow. */
class SoakProducer {
  produced = 0;
  sendFailures = 0;

  constructor(
    private readonly sender: RecordSender,
    private readonly stream: SoakStream,
    private readonly topics: InputTopics,
    private readonly rate: number,
  ) {}

  async run(startAt: number, endAt: number): Promise<void> {
    while (!stopping && Date.now() < endAt) {
      const due = Math.floor(((Date.now() - startAt) / 1000) * this.rate) - this.produced;
      if (due <= 0) {
        await sleep(20);
        continue;
      }
      const batch = Array.from({ length: Math.min(due, this.rate) }, () => this.stream.next()); // at most a second's worth per request
      try {
        await this.sender.send(
          batch.map((r) => ({ topic: this.topics[r.role], key: r.key, value: r.value })),
        );
        this.produced += batch.length;
      } catch (error) {
        this.sendFailures++;
        log(`produce failed (${error instanceof Error ? error.message : String(error)}); retrying`);
        await sleep(500);
      }
    }
  }
}

async function sample(
  infra: BenchInfra,
  scorer: ScorerProcess,
  run: {
    input: InputTopics;
    output: OutputTopics;
    startAt: number;
    producer: SoakProducer;
    stream: SoakStream;
    countKeys: boolean;
  },
): Promise<SoakSample> {
  const at = Date.now();
  const inputs = Object.values(run.input);
  const lag = await infra.lag(scorer.spec.groupId, inputs);
  const consumed = (await infra.recordCount(inputs)) - lag;
  const metrics = await scorer.metricSums(
    ['capscore_process_nodejs_heap_size_used_bytes', 'capscore_transient_failures_total'],
    10_000,
  );
  const info = [
    ...(await infoOfMasters(infra.redis, 'memory').catch(() => new Map<string, string>())).values(),
  ].join('\n');
  return {
    t: Math.round((at - run.startAt) / 1000),
    produced: run.producer.produced,
    consumed,
    lag,
    rssMb: scorer.residentBytes() / 2 ** 20,
    heapUsedMb: metrics.capscore_process_nodejs_heap_size_used_bytes / 2 ** 20,
    redisUsedMb: Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN) / 2 ** 20,
    redisKeys: run.countKeys ? await infra.redis.dbsize().catch(() => NaN) : NaN,
    designations: await infra.recordCount([run.output.designations]),
    scores: await infra.recordCount([run.output.scores]),
    dlq: await infra.recordCount([run.output.dlq]),
    transientFailures: metrics.capscore_transient_failures_total,
    cycles: run.stream.cycles,
    load1: loadavg()[0] ?? NaN,
  };
}

async function soak(options: SoakOptions, infra: BenchInfra): Promise<SoakSummary> {
  const input = await infra.inputTopics('soak');
  const output = await infra.outputTopics('soak');
  const spec = {
    ...infra.scorerSpec('soak', input, output, undefined),
    logFile: join(options.outDir, 'scorer.log'),
    env: { KAFKA_PARTITIONS: String(PARTITIONS) },
  };
  const scorer = await ScorerProcess.start(spec);
  log(
    `scorer ready (pid ${scorer.pid}); ${options.partners} partners, ${options.rate} events/s for ${options.minutes} min, a sample every ${options.sampleSeconds} s`,
  );
  const sender = new RecordSender(infra.kafka, { acks: 'all', idempotent: true });
  await sender.connect();
  try {
    const stream = createSoakStream({ partners: options.partners, seed: 20_260_701, now: Date.now() });
    log(
      `fixed universe: ${stream.universeSize} events (one cycle at ${Math.round(options.rate * 0.6)} re-sent facts/s takes ${Math.round(stream.universeSize / (options.rate * 0.6))} s), plus usage restatements`,
    );
    const startAt = Date.now();
    const endAt = startAt + options.minutes * 60_000;
    const producer = new SoakProducer(sender, stream, input, options.rate);
    const producing = producer.run(startAt, endAt);
    const run = { input, output, startAt, producer, stream, countKeys: options.privateRedis };

    const samples: SoakSample[] = [];
    const csv = [SAMPLE_COLUMNS.join(',')];
    let steadyFrom: number | null = null;
    process.stderr.write(PROGRESS_HEADER);
    while (!stopping && Date.now() < endAt) {
      await sleep(Math.min(options.sampleSeconds * 1000, Math.max(0, endAt - Date.now())));
      if (!scorer.alive) throw new Error(`the scorer exited during the soak:\n${scorer.tail(30)}`);
      const s = await sample(infra, scorer, run);
      samples.push(s);
      csv.push(csvRow(s));
      writeFileSync(join(options.outDir, 'samples.csv'), `${csv.join('\n')}\n`);
      // Steady state starts one minute after the first full cycle through the fixed universe.
      if (steadyFrom === null && s.cycles >= 1) steadyFrom = s.t + 60;
      process.stderr.write(progressLine(s));
    }
    await producing;

    // Drain: the stream stops; the scorer must catch up (lag 0) within a minute.
    const drainStart = Date.now();
    let drained = false;
    while (Date.now() - drainStart < 60_000 && scorer.alive) {
      const s = await sample(infra, scorer, run);
      if (s.lag === 0) {
        drained = true;
        samples.push(s);
        break;
      }
      await sleep(1000);
    }
    const from = steadyFrom;
    const steady = samples.filter((s) => from !== null && s.t >= from && s.t <= options.minutes * 60);
    const wholeRun = samples.filter((s) => s.t >= 60 && s.t <= options.minutes * 60);
    const first = steady[0];
    const last = steady[steady.length - 1];
    return {
      run: {
        minutes: options.minutes,
        rate: options.rate,
        partners: options.partners,
        sampleSeconds: options.sampleSeconds,
        partitions: PARTITIONS,
        startedAt: new Date(startAt).toISOString(),
        universe: stream.universeSize,
        host: `${cpus().length} cores`,
      },
      produced: producer.produced,
      achievedRate: Math.round(producer.produced / (options.minutes * 60)),
      sendFailures: producer.sendFailures,
      drained,
      drainSeconds: Math.round((Date.now() - drainStart) / 1000),
      scorerAlive: scorer.alive,
      final: samples[samples.length - 1],
      steadyWindow:
        first && last && steady.length > 1
          ? { fromSecond: first.t, toSecond: last.t, samples: steady.length }
          : null,
      // Slopes and statistics over the steady window (null when the run ended before it began,
      // as any run shorter than the first cycle does) and over the whole run after its first
      // minute (start-up and the first fetches excluded): the latter still grows while the first
      // cycle adds data, so only the steady window tells a leak apart from data.
      slopesPerHour: slopes(steady, run.countKeys),
      slopesPerHourWholeRun: slopes(wholeRun, run.countKeys),
      stats: spreads(steady, run.countKeys),
      statsWholeRun: spreads(wholeRun, run.countKeys),
    };
  } finally {
    await sender.disconnect();
    await scorer.stop();
  }
}

async function main(): Promise<number> {
  const root = repoRoot();
  const options = parseSoakOptions(process.argv.slice(2), root);
  const config = parseConfig(process.env);
  if (!options.privateRedis) {
    log(
      `REDIS_URL is set: Redis memory figures include everything else on ${config.redis.url.replace(/\/\/[^@]*@/, '//***@')}`,
    );
  }
  mkdirSync(options.outDir, { recursive: true });
  const infra = new BenchInfra(config, `soak-${Date.now().toString(36)}`, PARTITIONS);
  await infra.connect();
  try {
    const summary = await soak(options, infra);
    writeFileSync(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    process.stdout.write(soakReport(summary));
    log(`samples.csv, summary.json and scorer.log in ${options.outDir}`);
    return summary.scorerAlive && summary.drained && summary.final?.dlq === 0 ? 0 : 1;
  } finally {
    if (options.keep) await infra.redis.quit();
    else await infra.cleanup();
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping early`);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage = error instanceof SoakUsageError || error instanceof ConfigError;
    log(
      usage
        ? error.message
        : `failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(usage ? 2 : 1);
  },
);
