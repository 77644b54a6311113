#!/usr/bin/env node
// `npm run soak -- --minutes N [--rate 1000] [--partners 1000] [--sample 10] [--out DIR]`
//
// Runs the built scorer against a steady stream for N minutes and records, every --sample
// seconds, the consumer lag, the scorer's RSS and heap, and Redis memory; at the end it prints
// the least-squares slope of each (per hour) over the steady part of the run (after the first
// full cycle through the stream's fixed universe of facts, see scripts/soak/stream.mjs) and
// writes samples.csv, summary.json and the scorer log to --out (default .run/soak/<timestamp>);
// the closing table gives each metric's spread and slope over the whole run and the steady window.
//
// Infrastructure: KAFKA_BROKERS / REDIS_URL when set; otherwise a private Kafka broker
// (CAPSCORE_SOAK_KAFKA_PORT, default 55092) and a private redis-server (CAPSCORE_SOAK_REDIS_PORT,
// default 55379) that this command starts and stops, so Redis memory is capscore's alone. Topics,
// group and key prefix are private to the run and removed at the end (--keep leaves them). Needs
// `npm run build` first. Exits 1 if the scorer died, the lag did not drain within a minute of
// the producer stopping, or anything was dead-lettered.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ensureTopics, ROOT, startLocalKafka, stopLocalKafka, waitForKafka } from './infra/kafka.mjs';
import { startLocalRedis, stopLocalRedis } from './infra/redis.mjs';
import { createStream } from './soak/stream.mjs';
import { slopePerHour, summarize } from './soak/stats.mjs';

const require = createRequire(import.meta.url);
const { Kafka, logLevel } = require('kafkajs');
const { Redis } = require('ioredis');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) return true;
  return value;
}
const minutes = Number(option('minutes', 30));
const rate = Number(option('rate', 1000));
const partners = Number(option('partners', 1000));
const sampleSeconds = Number(option('sample', 10));
const keep = option('keep', false) === true;
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const outDir = String(option('out', join(ROOT, '.run', 'soak', stamp)));
for (const [name, value] of Object.entries({ minutes, rate, partners, sampleSeconds })) {
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`soak: --${name} must be a positive number\n`);
    process.exit(2);
  }
}
const KAFKA_PORT = Number(process.env.CAPSCORE_SOAK_KAFKA_PORT || 55092);
const REDIS_PORT = Number(process.env.CAPSCORE_SOAK_REDIS_PORT || 55379);
const PARTITIONS = 4;
const scorerMain = join(ROOT, 'dist', 'apps', 'scorer', 'apps', 'scorer', 'src', 'main.js');
const log = (line) => process.stderr.write(`[soak] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A TCP port that was free a moment ago, for the scorer's health and metrics endpoint. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

if (!existsSync(scorerMain)) {
  log(`${scorerMain} is missing: run \`npm run build\` first`);
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const started = { kafka: false, redis: false };
const scorerLogLines = [];
let scorer;
let stopping = false;

async function cleanup() {
  if (scorer && scorer.exitCode === null) {
    scorer.kill('SIGTERM');
    await Promise.race([new Promise((r) => scorer.once('exit', r)), sleep(20_000)]);
    if (scorer.exitCode === null) scorer.kill('SIGKILL');
  }
  if (started.kafka) await stopLocalKafka(KAFKA_PORT).catch((e) => log(`could not stop kafka: ${e.message}`));
  if (started.redis) stopLocalRedis(REDIS_PORT);
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping early`);
  });
}

let exitCode = 0;
try {
  let brokers;
  if (process.env.KAFKA_BROKERS) {
    brokers = process.env.KAFKA_BROKERS.split(',');
  } else {
    brokers = [await startLocalKafka(KAFKA_PORT, log)];
    started.kafka = true;
  }
  await waitForKafka(brokers);
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    redisUrl = await startLocalRedis(REDIS_PORT, log);
    started.redis = true;
  } else {
    log(`REDIS_URL is set: Redis memory figures include everything else on ${redisUrl.replace(/\/\/[^@]*@/, '//***@')}`);
  }

  const id = `soak-${Date.now().toString(36)}`;
  const topics = {
    certifications: `${id}.certifications`,
    revenue: `${id}.revenue`,
    customerSuccess: `${id}.customer-success`,
    designations: `${id}.designations`,
    scores: `${id}.scores`,
    dlq: `${id}.dlq`,
  };
  await ensureTopics(brokers, topics, PARTITIONS);
  const groupId = `${id}-scorer`;
  const keyPrefix = `capscore-soak:${id}:`;
  const scorerPort = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_GROUP_ID: groupId,
    KAFKA_PARTITIONS: String(PARTITIONS),
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    TOPIC_CERTIFICATIONS: topics.certifications,
    TOPIC_REVENUE: topics.revenue,
    TOPIC_CUSTOMER_SUCCESS: topics.customerSuccess,
    TOPIC_DESIGNATIONS: topics.designations,
    TOPIC_SCORES: topics.scores,
    TOPIC_DLQ: topics.dlq,
    SCORER_HTTP_PORT: String(scorerPort),
    LOG_LEVEL: 'warn',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
  const scorerLog = scorerLogLines;
  scorer = spawn(process.execPath, [scorerMain], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const s of [scorer.stdout, scorer.stderr]) s.on('data', (c) => scorerLog.push(c.toString()));
  let scorerExit = null;
  scorer.once('exit', (code, signal) => (scorerExit = signal ?? code));
  for (let i = 0; ; i++) {
    if (scorerExit !== null) throw new Error(`the scorer exited at start-up (${scorerExit}):\n${scorerLog.join('').slice(-3000)}`);
    const ready = await fetch(`http://127.0.0.1:${scorerPort}/health/ready`).then((r) => r.status === 200, () => false);
    if (ready) break;
    if (i > 240) throw new Error('the scorer was not ready within 60 s');
    await sleep(250);
  }
  log(`scorer ready (pid ${scorer.pid}); ${partners} partners, ${rate} events/s for ${minutes} min, a sample every ${sampleSeconds} s`);

  const kafka = new Kafka({ clientId: 'capscore-soak', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined);

  const stream = createStream({ partners, seed: 20_260_701, now: Date.now() });
  log(`fixed universe: ${stream.universeSize} events (one cycle at ${Math.round(rate * 0.6)} re-sent facts/s takes ${Math.round(stream.universeSize / (rate * 0.6))} s), plus usage restatements`);

  // Producer: a token bucket refilled every 100 ms, so the rate holds even when a send is slow.
  let produced = 0;
  let sendFailures = 0;
  const startAt = Date.now();
  const endAt = startAt + minutes * 60_000;
  const producing = (async () => {
    while (!stopping && Date.now() < endAt) {
      const due = Math.floor(((Date.now() - startAt) / 1000) * rate) - produced;
      if (due <= 0) {
        await sleep(20);
        continue;
      }
      const batch = Math.min(due, rate); // at most a second's worth per request
      const byTopic = new Map();
      for (let i = 0; i < batch; i++) {
        const r = stream.next();
        const topic = topics[r.role];
        if (!byTopic.has(topic)) byTopic.set(topic, []);
        byTopic.get(topic).push({ key: r.key, value: r.value });
      }
      try {
        await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
        produced += batch;
      } catch (error) {
        sendFailures++;
        log(`produce failed (${error.message}); retrying`);
        await sleep(500);
      }
    }
  })();

  const inputTopics = [topics.certifications, topics.revenue, topics.customerSuccess];
  async function sample() {
    const at = Date.now();
    const committed = await admin.fetchOffsets({ groupId, topics: inputTopics });
    let lag = 0;
    let consumed = 0;
    for (const topic of inputTopics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const c = Number(mine.find((p) => p.partition === end.partition)?.offset ?? -1);
        const start = c < 0 ? Number(end.low) : c;
        lag += Number(end.high) - start;
        consumed += start - Number(end.low);
      }
    }
    const outputs = {};
    for (const role of ['designations', 'scores', 'dlq']) {
      outputs[role] = (await admin.fetchTopicOffsets(topics[role])).reduce((n, p) => n + Number(p.high), 0);
    }
    const status = existsSync(`/proc/${scorer.pid}/status`) ? readFileSync(`/proc/${scorer.pid}/status`, 'utf8') : '';
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    const metrics = await fetch(`http://127.0.0.1:${scorerPort}/metrics`).then((r) => r.text(), () => '');
    const metric = (name) => {
      let total = 0;
      let found = false;
      for (const line of metrics.split('\n')) {
        if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) {
          total += Number(line.slice(line.lastIndexOf(' ') + 1));
          found = true;
        }
      }
      return found ? total : NaN;
    };
    const info = await redis.info('memory').catch(() => '');
    const usedMemory = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
    const keys = started.redis ? await redis.dbsize().catch(() => NaN) : NaN;
    return {
      t: Math.round((at - startAt) / 1000),
      produced,
      consumed,
      lag,
      rssMb: rssKb / 1024,
      heapUsedMb: metric('capscore_process_nodejs_heap_size_used_bytes') / 2 ** 20,
      redisUsedMb: usedMemory / 2 ** 20,
      redisKeys: keys,
      designations: outputs.designations,
      scores: outputs.scores,
      dlq: outputs.dlq,
      transientFailures: metric('capscore_transient_failures_total'),
      cycles: stream.cycles,
      // The machine's 1-minute load average: other work on the host shows up here.
      load1: loadavg()[0],
    };
  }

  const samples = [];
  const columns = ['t', 'produced', 'consumed', 'lag', 'rssMb', 'heapUsedMb', 'redisUsedMb', 'redisKeys', 'designations', 'scores', 'dlq', 'transientFailures', 'cycles', 'load1'];
  const csv = [columns.join(',')];
  let steadyFrom = null;
  process.stderr.write(`${'t(s)'.padStart(6)} ${'produced'.padStart(9)} ${'lag'.padStart(7)} ${'rss MB'.padStart(7)} ${'heap MB'.padStart(8)} ${'redis MB'.padStart(9)} ${'desig.'.padStart(7)} cycle load\n`);
  while (!stopping && Date.now() < endAt) {
    await sleep(Math.min(sampleSeconds * 1000, Math.max(0, endAt - Date.now())));
    if (scorerExit !== null) throw new Error(`the scorer exited during the soak (${scorerExit}):\n${scorerLog.join('').slice(-3000)}`);
    const s = await sample();
    samples.push(s);
    csv.push(columns.map((c) => (Number.isFinite(s[c]) ? Number(s[c].toFixed(3)) : '')).join(','));
    writeFileSync(join(outDir, 'samples.csv'), `${csv.join('\n')}\n`);
    // Steady state starts one minute after the first full cycle through the fixed universe.
    if (steadyFrom === null && s.cycles >= 1) steadyFrom = s.t + 60;
    process.stderr.write(
      `${String(s.t).padStart(6)} ${String(s.produced).padStart(9)} ${String(s.lag).padStart(7)} ${s.rssMb.toFixed(1).padStart(7)} ${s.heapUsedMb.toFixed(1).padStart(8)} ${s.redisUsedMb.toFixed(1).padStart(9)} ${String(s.designations).padStart(7)} ${String(s.cycles).padStart(5)} ${s.load1.toFixed(1)}\n`,
    );
  }
  await producing;
  const producedTotal = produced;

  // Drain: the stream stops; the scorer must catch up (lag 0) within a minute.
  const drainStart = Date.now();
  let drained = false;
  while (Date.now() - drainStart < 60_000 && scorerExit === null) {
    const s = await sample();
    if (s.lag === 0) {
      drained = true;
      samples.push(s);
      break;
    }
    await sleep(1000);
  }
  const final = samples[samples.length - 1];
  const steady = samples.filter((s) => steadyFrom !== null && s.t >= steadyFrom && s.t <= minutes * 60);
  const wholeRun = samples.filter((s) => s.t >= 60 && s.t <= minutes * 60);
  const slopes = (window) =>
    window.length > 2
      ? {
          lagRecords: slopePerHour(window, 'lag'),
          scorerRssMb: slopePerHour(window, 'rssMb'),
          scorerHeapUsedMb: slopePerHour(window, 'heapUsedMb'),
          redisUsedMb: slopePerHour(window, 'redisUsedMb'),
          redisKeys: started.redis ? slopePerHour(window, 'redisKeys') : null,
        }
      : null;
  const stats = (window) => ({
    lag: summarize(window.map((s) => s.lag)),
    rssMb: summarize(window.map((s) => s.rssMb)),
    heapUsedMb: summarize(window.map((s) => s.heapUsedMb)),
    redisUsedMb: summarize(window.map((s) => s.redisUsedMb)),
    redisKeys: started.redis ? summarize(window.map((s) => s.redisKeys)) : null,
    hostLoad1: summarize(window.map((s) => s.load1)),
  });
  const summary = {
    run: { minutes, rate, partners, sampleSeconds, partitions: PARTITIONS, startedAt: new Date(startAt).toISOString(), universe: stream.universeSize, host: `${cpus().length} cores` },
    produced: producedTotal,
    achievedRate: Math.round(producedTotal / (minutes * 60)),
    sendFailures,
    drained,
    drainSeconds: Math.round((Date.now() - drainStart) / 1000),
    scorerAlive: scorerExit === null,
    final,
    steadyWindow: steady.length > 1 ? { fromSecond: steady[0].t, toSecond: steady[steady.length - 1].t, samples: steady.length } : null,
    // Slopes and statistics over the steady window (null when the run ended before it began,
    // as any run shorter than the first cycle does) and over the whole run after its first
    // minute (start-up and the first fetches excluded): the latter still grows while the first
    // cycle adds data, so only the steady window tells a leak apart from data.
    slopesPerHour: slopes(steady),
    slopesPerHourWholeRun: slopes(wholeRun),
    stats: stats(steady),
    statsWholeRun: stats(wholeRun),
  };
  writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(outDir, 'scorer.log'), scorerLog.join(''));
  process.stdout.write(report(summary));
  log(`samples.csv, summary.json and scorer.log in ${outDir}`);
  if (!summary.scorerAlive || !drained || final.dlq > 0) exitCode = 1;

  await producer.disconnect();
  if (!keep) {
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
      cursor = next;
      if (found.length > 0) await redis.del(...found);
    } while (cursor !== '0');
  }
  await admin.disconnect();
  redis.disconnect();
} catch (error) {
  log(`failed: ${error.message}`);
  exitCode = 1;
  if (scorerLogLines.length > 0) writeFileSync(join(outDir, 'scorer.log'), scorerLogLines.join(''));
} finally {
  await cleanup();
}
process.exit(exitCode);

/** The closing table: per metric, its spread and its slope per hour over both windows. */
function report(summary) {
  const rows = [
    ['consumer lag (records)', 'lag', 'lagRecords'],
    ['scorer RSS (MB)', 'rssMb', 'scorerRssMb'],
    ['scorer heap used (MB)', 'heapUsedMb', 'scorerHeapUsedMb'],
    ['Redis used_memory (MB)', 'redisUsedMb', 'redisUsedMb'],
    ['Redis keys', 'redisKeys', 'redisKeys'],
    ['host load (1 min)', 'hostLoad1', null],
  ];
  const num = (x) => (x === null || x === undefined ? '-' : String(x));
  const window = summary.steadyWindow;
  const header = ['metric', 'min', 'p50', 'p95', 'max', 'slope/h whole run', 'slope/h steady'];
  const lines = rows.map(([label, stat, slope]) => {
    const st = summary.statsWholeRun[stat];
    return [label, num(st?.min), num(st?.p50), num(st?.p95), num(st?.max), num(slope && summary.slopesPerHourWholeRun?.[slope]), num(slope && summary.slopesPerHour?.[slope])];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    '',
    `soak: ${summary.run.minutes} min at ${summary.run.rate} events/s, ${summary.run.partners} partners; produced ${summary.produced} (${summary.achievedRate}/s), ` +
      `scorer ${summary.scorerAlive ? 'alive' : 'DIED'}, ${summary.drained ? `lag 0 ${summary.drainSeconds} s after the producer stopped` : 'lag NOT drained within 60 s'}, ` +
      `dead letters ${summary.final?.dlq ?? '-'}, designation events ${summary.final?.designations ?? '-'}, transient failures ${summary.final?.transientFailures ?? '-'}`,
    `spread over the whole run after its first minute; steady window: ${window ? `${window.fromSecond} s to ${window.toSecond} s (${window.samples} samples)` : 'none (the run ended before one cycle through the universe plus a minute)'}`,
    format(header),
    format(widths.map((w) => '-'.repeat(w))),
    ...lines.map(format),
    '',
  ].join('\n');
}
