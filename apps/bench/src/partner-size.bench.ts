import { redisEnvironment } from '@app/config';
import { topicRoleOfType, type InputEvent } from '@app/contracts';
import { RecordSender } from '@app/kafka';
import { partnerFootprint, partnerVersion, PartnerStore, RedisKeys, type PartnerFootprint } from '@app/redis';
import { MCPP_PROGRAM, scoreEvents, scorePartner } from '@app/scoring';
import type { BenchInfra, InputTopics } from './bench-infra.js';
import { SHAPE_NAMES, type ShapeName } from './bench-options.js';
import { partnerEvents, type PartnerShape } from './partner-events.js';
import { Progress } from './progress.js';
import { ScorerProcess } from './scorer-process.js';
import { SINGLE_EVENT_KINDS, SingleEvents, type SingleEventKind } from './single-events.js';
import { produceAll } from './stream-producer.js';

const SHAPES: Record<ShapeName, Omit<PartnerShape, 'partnerId' | 'ids'>> = {
  typical: { people: 10, customers: 20, workloads: 2, months: 25 },
  large: { people: 50, customers: 200, workloads: 3, months: 25 },
  huge: { people: 2_000, customers: 2_000, workloads: 2, months: 25 },
  giant: { people: 10_000, customers: 10_000, workloads: 4, months: 25 },
};

/** Produce → applied, ms. */
export interface LatencyMs {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export interface SingleEventsResult {
  /** Events applied (fewer than asked when the shape timed out during this step). */
  events: number;
  seconds: number;
  latencyMs: Record<SingleEventKind | 'all', LatencyMs>;
  /** Scorer CPU (utime + stime) over the single-event phase per event, idle polling included. */
  scorerCpuMsPerEvent: number;
  /** The scorer's CPU rate with nothing to do (Kafka polls, timer loop), measured over 2 s before. */
  scorerIdleCpuMsPerSecond: number;
  /** scorerCpuMsPerEvent with the idle rate over the phase's duration taken out. */
  scorerCpuMsPerEventNet: number;
}

export interface PartnerSizeResult extends PartnerShape {
  shape: ShapeName;
  events: number;
  produceSeconds?: number;
  /** First record produced → every record applied and committed (consumer lag 0). */
  loadSeconds?: number;
  /** Records the scorer dead-lettered; the shapes are valid, so anything but 0 is a bench bug. */
  dlq?: number;
  versionAfterLoad?: number;
  redis?: PartnerFootprint;
  /** The stored aggregate scored at the clock equals the offline engine on the same events (JSON). */
  scoresEqualOffline?: boolean;
  /** Designations whose scores differ, when they do. */
  differingDesignations?: string[];
  single?: SingleEventsResult;
  scorerPeakRssBytes?: number;
  /** Why the shape was abandoned (timeout, scorer exit), with what was measured up to then. */
  gaveUp?: string;
}

class ShapeTimeout extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Produces the events and waits until the scorer has committed all of them; load seconds. */
async function load(
  infra: BenchInfra,
  scorer: ScorerProcess,
  input: InputTopics,
  events: readonly InputEvent[],
  deadline: number,
  progress: Progress,
): Promise<{ produceSeconds: number; loadSeconds: number }> {
  const started = performance.now();
  const records = events.map((e) => ({
    role: topicRoleOfType(e.type),
    key: e.partnerId,
    value: JSON.stringify(e),
    eventId: e.eventId,
  }));
  const produced = await produceAll(infra.kafka, input, records, progress);
  const topics = [input.certifications, input.revenue, input.customerSuccess];
  for (;;) {
    // The committed offsets come from the broker, so progress and the timeout work even while the
    // scorer is stuck in a long synchronous step and /metrics does not answer.
    const lag = await infra.lag(scorer.spec.groupId, topics);
    if (lag === 0) {
      return { produceSeconds: produced.seconds, loadSeconds: (performance.now() - started) / 1000 };
    }
    const applied = (await scorer.countersWithin(1_000))?.applied;
    const state = `${events.length - lag}/${events.length} committed, ${applied ?? '? (scorer busy)'} applied`;
    if (!scorer.alive) throw new Error(`the scorer exited while loading (${state}):\n${scorer.tail(20)}`);
    if (Date.now() > deadline) {
      throw new ShapeTimeout(
        `load not finished within the shape timeout: ${state} after ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }
    progress.tick(`loading: ${state}`);
    await sleep(250);
  }
}

function latencyMs(values: readonly number[]): LatencyMs {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN) * 10) / 10;
  return { count: s.length, p50: at(0.5), p95: at(0.95), max: at(1) };
}

/**
 * Sends the five kinds in turn, one at a time, each produced → applied (partner version moved).
 * At the shape timeout it stops and reports the events applied so far, with the timeout message.
 */
async function singleEvents(
  infra: BenchInfra,
  scorer: ScorerProcess,
  input: InputTopics,
  keys: RedisKeys,
  gen: SingleEvents,
  rounds: number,
  deadline: number,
  progress: Progress,
): Promise<{ single: SingleEventsResult; timedOut?: string }> {
  const partnerId = gen.shape.partnerId;
  const idleCpu0 = scorer.cpuSeconds();
  await sleep(2_000);
  const idleCpuPerSecond = (scorer.cpuSeconds() - idleCpu0) / 2;
  const producer = new RecordSender(infra.kafka, { acks: 'leader' });
  await producer.connect();
  const byKind = new Map<SingleEventKind, number[]>(SINGLE_EVENT_KINDS.map((k) => [k, []]));
  const total = rounds * SINGLE_EVENT_KINDS.length;
  const cpu0 = scorer.cpuSeconds();
  const started = performance.now();
  // CPU and time at the last applied event: an event still in flight at a timeout is not counted.
  let applied = { count: 0, cpu: cpu0, at: started };
  let timedOut: string | undefined;
  try {
    send: for (let round = 0; round < rounds; round++) {
      for (const kind of SINGLE_EVENT_KINDS) {
        const event = gen.make(kind, round);
        const before = await partnerVersion(infra.redis, keys, partnerId);
        const sentAt = performance.now();
        await producer.send([
          { topic: input[topicRoleOfType(event.type)], key: partnerId, value: JSON.stringify(event) },
        ]);
        while ((await partnerVersion(infra.redis, keys, partnerId)) <= before) {
          const what = `single event ${applied.count + 1} of ${total} (${kind}) not applied after ${((performance.now() - sentAt) / 1000).toFixed(1)} s: partner version stays ${before}`;
          if (!scorer.alive) throw new Error(`${what}, the scorer exited:\n${scorer.tail(20)}`);
          if (Date.now() > deadline) {
            timedOut = `${what} at the shape timeout`;
            break send;
          }
          await sleep(1);
        }
        const now = performance.now();
        byKind.get(kind)?.push(now - sentAt);
        applied = { count: applied.count + 1, cpu: scorer.cpuSeconds(), at: now };
      }
      progress.tick(`single events: ${applied.count}/${total}`);
    }
  } finally {
    await producer.disconnect();
  }
  const seconds = (applied.at - started) / 1000;
  const cpu = applied.cpu - cpu0;
  const count = Math.max(1, applied.count);
  const latency = Object.fromEntries([...byKind].map(([k, v]) => [k, latencyMs(v)])) as Record<
    SingleEventKind,
    LatencyMs
  >;
  const single: SingleEventsResult = {
    events: applied.count,
    seconds,
    latencyMs: { ...latency, all: latencyMs([...byKind.values()].flat()) },
    scorerCpuMsPerEvent: (cpu * 1000) / count,
    scorerIdleCpuMsPerSecond: idleCpuPerSecond * 1000,
    scorerCpuMsPerEventNet: ((cpu - idleCpuPerSecond * seconds) * 1000) / count,
  };
  return { single, timedOut };
}

/** Scores of the stored aggregate and of the offline engine at `clock`, compared as JSON. */
async function compareOffline(
  infra: BenchInfra,
  keys: RedisKeys,
  partnerId: string,
  events: readonly InputEvent[],
  clock: number,
): Promise<{ equal: boolean; differing: string[] }> {
  const stored = (await new PartnerStore(infra.redis, keys).load([partnerId])).get(partnerId)?.aggregate;
  if (!stored) throw new Error(`${partnerId}: no aggregate stored after the load`);
  const live = scorePartner(MCPP_PROGRAM, stored, clock);
  const offline = scoreEvents(MCPP_PROGRAM, events, clock)[0];
  const differing = live.designations
    .filter(
      (d) =>
        JSON.stringify(d) !==
        JSON.stringify(offline?.designations.find((o) => o.designationId === d.designationId)),
    )
    .map((d) => d.designationId);
  return { equal: JSON.stringify(live) === JSON.stringify(offline), differing };
}

async function measureShape(
  infra: BenchInfra,
  name: ShapeName,
  lastMonth: string,
  clock: number,
  timeoutSeconds: number,
  rounds: number,
): Promise<PartnerSizeResult> {
  const progress = new Progress(`partner-size ${name}`);
  const shape: PartnerShape = { partnerId: `size-${name}`, ...SHAPES[name], ids: 'uuid' };
  const events = partnerEvents(shape, lastMonth, 200 + SHAPE_NAMES.indexOf(name));
  const result: PartnerSizeResult = { shape: name, ...shape, events: events.length };
  progress.say(
    `${events.length} events (${shape.people} people, ${shape.customers} customers × ${shape.workloads} workloads × ${shape.months} months), timeout ${timeoutSeconds} s`,
  );
  const input = await infra.inputTopics(`size-${name}`);
  const output = await infra.outputTopics(`size-${name}`);
  const keys = new RedisKeys(infra.keyPrefix(`size-${name}`));
  const base = {
    brokers: infra.config.kafka.brokers,
    redisEnv: redisEnvironment(infra.config.redis),
    keyPrefix: keys.prefix,
    input,
    output,
    clock,
  };
  // A giant partner is decoded in one synchronous step of several seconds, longer than the
  // default session timeout (6 s): the rounds measured before it was lowered ran with 30 s.
  const scorer = await ScorerProcess.start({
    ...base,
    name: `size-${name}`,
    groupId: `bench-${infra.runId}-size-${name}`,
    env: { KAFKA_SESSION_TIMEOUT_MS: '30000' },
  });
  const deadline = Date.now() + timeoutSeconds * 1000;
  try {
    Object.assign(result, await load(infra, scorer, input, events, deadline, progress));
    result.dlq = (await scorer.counters()).dlq;
    result.versionAfterLoad = await partnerVersion(infra.redis, keys, shape.partnerId);
    result.redis = await partnerFootprint(infra.redis, keys, shape.partnerId);
    progress.say(
      `loaded in ${result.loadSeconds?.toFixed(1)} s (version ${result.versionAfterLoad}); Redis ${result.redis.bytes} bytes in ${result.redis.keys} key(s), largest value ${result.redis.largestValueBytes}`,
    );
    const offline = await compareOffline(infra, keys, shape.partnerId, events, clock);
    result.scoresEqualOffline = offline.equal;
    if (!offline.equal) result.differingDesignations = offline.differing;
    const { single, timedOut } = await singleEvents(
      infra,
      scorer,
      input,
      keys,
      new SingleEvents(shape, events, lastMonth, clock),
      rounds,
      deadline,
      progress,
    );
    result.single = single;
    if (timedOut) throw new ShapeTimeout(`${timedOut} (figures over the ${single.events} applied before)`);
    progress.say(
      `single events p50/p95/max ${result.single.latencyMs.all.p50}/${result.single.latencyMs.all.p95}/${result.single.latencyMs.all.max} ms, scorer CPU ${result.single.scorerCpuMsPerEventNet.toFixed(1)} ms per event (net of idle)`,
    );
  } catch (error) {
    if (!(error instanceof ShapeTimeout) && scorer.alive) throw error;
    result.gaveUp = `${error instanceof ShapeTimeout ? `gave up after the ${timeoutSeconds} s shape timeout` : 'gave up'}: ${(error as Error).message}`;
    progress.say(result.gaveUp);
  } finally {
    result.scorerPeakRssBytes = scorer.samplePeakRss();
    await scorer.stop();
    await infra.deleteKeys(keys.prefix);
    await infra.deleteTopics([
      input.certifications,
      input.revenue,
      input.customerSuccess,
      output.designations,
      output.scores,
      output.dlq,
    ]);
  }
  return result;
}

/**
 * How the scorer copes with one partner of growing size: load time, Redis bytes, latency and
 * CPU of single events on the loaded partner, and exactness against the offline engine. Each
 * shape has its own partner, topics, key prefix and scorer, and is removed afterwards.
 */
export async function partnerSizeBench(
  infra: BenchInfra,
  shapes: readonly ShapeName[],
  lastMonth: string,
  clock: number,
  timeoutSeconds: number,
  rounds: number,
): Promise<{ shapes: PartnerSizeResult[] }> {
  const results: PartnerSizeResult[] = [];
  for (const name of shapes) {
    results.push(await measureShape(infra, name, lastMonth, clock, timeoutSeconds, rounds));
  }
  return { shapes: results };
}
