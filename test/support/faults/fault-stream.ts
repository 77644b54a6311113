import type { DesignationEvent, InputEvent } from '@app/contracts';
import { committedOffsets, type KafkaClient, topicRecordCount, totalConsumerLag } from '@app/kafka';
import { createRedis, RedisKeys } from '@app/redis';
import { redisUrl, type TestNamespace } from '../infra.js';
import type { PipelineProbe } from '../pipeline-probe.js';
import { type AppProcess, eventually, httpJson } from '../processes.js';
import {
  aggregateMismatches,
  buildScenario,
  expectedDeadLetterValues,
  expectedDesignationEvents,
  type Scenario,
} from '../scenario.js';
import { kafkaAt, placeId, produceTracked, readTopic, type Placed } from './kafka-tools.js';
import {
  compareDeadLetters,
  compareDesignations,
  type DeadLetterReport,
  type DesignationReport,
  type EndStateProblems,
} from './end-state.js';
import type { CrashState } from './scorer-kills.js';
import { crashStateAfter, lostEvents } from './stored-state.js';

/** The issue #4 stream of `partners` partners, produced with known offsets, and its checks. */
export class FaultStream {
  readonly scenario: Scenario;
  placed: Placed[] = [];
  private readonly inputTopics: string[];

  constructor(
    readonly ns: TestNamespace,
    partners: number,
    seed: number,
    invalidRate?: number,
  ) {
    this.scenario = buildScenario(partners, seed, invalidRate);
    this.inputTopics = [ns.topics.certifications, ns.topics.revenue, ns.topics.customerSuccess];
  }

  kafka(): KafkaClient {
    return kafkaAt((this.ns.env.KAFKA_BROKERS ?? '').split(','));
  }

  get total(): number {
    return this.scenario.sim.records.length;
  }

  /**
   * Produces the records before index `end` (the whole stream by default) that are not produced
   * yet: called with growing `end`, the stream arrives in stages.
   */
  async produce(end = this.total): Promise<void> {
    const records = this.scenario.records(this.ns).slice(this.placed.length, end);
    this.placed = this.placed.concat(await produceTracked(this.kafka(), records, this.ns.partitions));
  }

  async lag(): Promise<number> {
    return totalConsumerLag(this.kafka(), this.ns.groupId, this.inputTopics);
  }

  /** Waits until at least `fraction` of the stream is committed by the scorer group. */
  async waitConsumed(fraction: number, timeoutMs = 300_000): Promise<number> {
    return eventually(
      async () => {
        const done = (this.placed.length - (await this.lag())) / this.total;
        return done >= fraction ? done : undefined;
      },
      timeoutMs,
      `${Math.round(fraction * 100)}% of the stream committed`,
    );
  }

  /**
   * Freezes the scorers (SIGSTOP) at the first check that finds at least `fraction` of the stream
   * committed, so a fault injected next hits a running stream however fast the machine is:
   * between checks the scorers run for `runMs` only and cannot race past the target. Throws if
   * every record produced so far was committed first. The caller resumes them with `resume`.
   */
  async freezeAt(
    scorers: AppProcess | readonly AppProcess[],
    fraction: number,
    runMs = 20,
    timeoutMs = 300_000,
  ): Promise<number> {
    const pids = [scorers].flat().map((scorer) => scorer.pid as number);
    const signal = (name: NodeJS.Signals) => pids.forEach((pid) => process.kill(pid, name));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      signal('SIGSTOP');
      let lag: number;
      try {
        lag = await this.lag();
      } catch (error) {
        // Right after a broker died, offsets may be asked of a leader that is no longer one: let
        // the scorers run and ask again (never leave them frozen).
        signal('SIGCONT');
        if (Date.now() > deadline) throw error;
        await sleep(runMs);
        continue;
      }
      if (lag === 0) {
        signal('SIGCONT');
        throw new Error(`the stream was consumed before ${Math.round(fraction * 100)}% could be caught`);
      }
      const done = (this.placed.length - lag) / this.total;
      if (done >= fraction) return done;
      signal('SIGCONT');
      if (Date.now() > deadline) {
        throw new Error(`${Math.round(fraction * 100)}% of the stream not committed within ${timeoutMs} ms`);
      }
      await sleep(runMs);
    }
  }

  resume(scorers: AppProcess | readonly AppProcess[]): void {
    for (const scorer of [scorers].flat()) process.kill(scorer.pid as number, 'SIGCONT');
  }

  async waitLag0(timeoutMs = 300_000): Promise<void> {
    await eventually(async () => ((await this.lag()) === 0 ? true : undefined), timeoutMs, 'consumer lag 0');
  }

  /** Messages in the designations topic so far (high watermarks). */
  designationsPublished(): Promise<number> {
    return topicRecordCount(this.kafka(), [this.ns.topics.designations]);
  }

  async waitDesignations(count: number, timeoutMs = 300_000): Promise<number> {
    return eventually(
      async () => {
        const n = await this.designationsPublished();
        return n >= count ? n : undefined;
      },
      timeoutMs,
      `${count} designation events published`,
    );
  }

  expectedDesignations(): Map<string, DesignationEvent[]> {
    return expectedDesignationEvents(this.scenario);
  }

  /** The valid events among the records produced so far (all of them once the stream is produced). */
  private producedEvents(): InputEvent[] {
    return this.scenario.sim.records.slice(0, this.placed.length).flatMap((r) => (r.event ? [r.event] : []));
  }

  /** Partners whose stored aggregate or scores differ from the clean pass of the records produced so far. */
  aggregateMismatches(probe: PipelineProbe, at: number): Promise<string[]> {
    return aggregateMismatches({ ...this.scenario, validEvents: this.producedEvents() }, probe, at);
  }

  /**
   * Valid events produced so far whose effect is missing from the stored aggregates: applying an event the
   * aggregate already holds changes nothing (applying is idempotent), so an event that changes
   * its partner's stored aggregate was lost.
   */
  async lostEvents(probe: PipelineProbe, prunedAt: number): Promise<InputEvent[]> {
    return lostEvents(this.producedEvents(), probe, prunedAt);
  }

  /**
   * At a moment the scorer is dead: which partners' stored state is behind the committed offsets
   * (must never happen), ahead of them (the scorer died inside a batch: its work is in Redis, its
   * offsets are not committed), and which have outbox entries committed but not yet acknowledged
   * as published (it died inside a publish).
   */
  async crashState(probe: PipelineProbe): Promise<CrashState> {
    const committed = await committedOffsets(this.kafka(), this.ns.groupId, this.inputTopics);
    const committedEvents: InputEvent[] = [];
    this.scenario.sim.records.forEach((r, i) => {
      const p = this.placed[i];
      if (!r.event || !p) return;
      if (BigInt(p.offset) < (committed.get(`${p.topic}/${p.partition}`) ?? 0n)) {
        committedEvents.push(r.event);
      }
    });
    return crashStateAfter(committedEvents, this.scenario.sim.partnerIds, probe, this.ns.topics.designations);
  }

  /**
   * The designations topic against the oracle: every expected event present with the expected
   * body, nothing else, per-partner order of first publications as expected, and re-publications
   * (allowed after a crash) byte-identical.
   */
  async checkDesignations(): Promise<DesignationReport> {
    return compareDesignations(
      this.expectedDesignations(),
      await readTopic(this.kafka(), this.ns.topics.designations),
    );
  }

  /**
   * Everything a fault test compares with the clean pass at the end, as lists that must all be
   * empty (NO_END_STATE_PROBLEMS), plus the count of identical re-publications (allowed).
   */
  async endState(
    probe: PipelineProbe,
    at: number,
    label: string,
  ): Promise<{ problems: EndStateProblems; duplicates: number }> {
    const report = await this.checkDesignations();
    process.stderr.write(
      `${label} designations: ${JSON.stringify({ ...report, missing: report.missing.length, unexpected: report.unexpected.length })}\n`,
    );
    const deadLetters = await this.checkDeadLetters();
    process.stderr.write(
      `${label} dead letters: ${JSON.stringify({ ...deadLetters, missing: deadLetters.missing.length, unexpected: deadLetters.unexpected.length, conflicting: deadLetters.conflicting.length })}\n`,
    );
    return {
      duplicates: report.duplicates,
      problems: {
        missingDesignations: report.missing,
        unexpectedDesignations: report.unexpected,
        conflictingDesignations: report.conflicting,
        designationContent: report.contentMismatches,
        designationOrder: report.orderViolations,
        aggregateMismatches: await this.aggregateMismatches(probe, at),
        lostEvents: (await this.lostEvents(probe, at)).map((e) => e.eventId),
        missingDeadLetters: deadLetters.missing,
        unexpectedDeadLetters: deadLetters.unexpected,
        conflictingDeadLetters: deadLetters.conflicting,
      },
    };
  }

  /** Moves the fixed clock to the instant the scenario's history is complete (timers fire). */
  async moveClockToSettled(apiUrl: string): Promise<number> {
    const moved = await httpJson(`${apiUrl}/admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: new Date(this.scenario.settledAt).toISOString() }),
    });
    return moved.status;
  }

  /**
   * The DLQ against the malformed records of the stream: each present, nothing else, and a record
   * dead-lettered twice (a unit retried after its publish reached Kafka) only as the same bytes:
   * same key, same dead letter (the fixed clock makes `rejectedAt` the same).
   */
  async checkDeadLetters(): Promise<DeadLetterReport> {
    return compareDeadLetters(
      expectedDeadLetterValues(this.scenario),
      await readTopic(this.kafka(), this.ns.topics.dlq),
    );
  }

  /**
   * Resolves the moment one of the partners' outboxes is non-empty: the scorer has committed a
   * state change with its outbox and not yet acknowledged the publish. False after `timeoutMs`.
   */
  async waitForPendingOutbox(partnerIds: readonly string[], timeoutMs = 120_000): Promise<boolean> {
    const keys = new RedisKeys(this.ns.keyPrefix);
    const outboxKeys = partnerIds.map((id) => keys.partnerOutbox(id));
    const redis = createRedis(redisUrl(), {
      enableAutoPipelining: false,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
    });
    redis.on('error', () => undefined);
    const deadline = Date.now() + timeoutMs;
    try {
      while (Date.now() < deadline) {
        if ((await redis.exists(...outboxKeys)) > 0) return true;
        await new Promise((r) => setTimeout(r, 1));
      }
      return false;
    } finally {
      redis.disconnect();
    }
  }

  /** Event ids already in the designations topic. */
  async publishedDesignationIds(): Promise<Set<string>> {
    const messages = await readTopic(this.kafka(), this.ns.topics.designations);
    return new Set(
      messages.map((m) => (JSON.parse(m.value?.toString() ?? '{}') as DesignationEvent).eventId),
    );
  }

  placeOf(index: number): string {
    const p = this.placed[index];
    return p ? placeId(p) : '?';
  }
}

/**
 * Waits for consumer lag 0, failing as soon as the lag has not gone down for `stallMs`: a stalled
 * partition shows up in a minute, not at a global timeout.
 */
export async function waitDrained(probe: PipelineProbe, stallMs = 60_000): Promise<void> {
  let best = Number.POSITIVE_INFINITY;
  let since = Date.now();
  for (;;) {
    const lag = await probe.lag().catch(() => best);
    if (lag === 0) return;
    if (lag < best) {
      best = lag;
      since = Date.now();
    } else if (Date.now() - since > stallMs) {
      throw new Error(`consumer lag stuck at ${lag} for ${stallMs / 1000} s: a partition is stalled`);
    }
    await sleep(250);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stack trace in a log line: an `at file:line:col` frame, or kafkajs's JSON `stack` field. */
export const STACK_TRACE = /"stack":|^\s+at \S.*:\d+:\d+\)?$|\\n\s+at \S/;
