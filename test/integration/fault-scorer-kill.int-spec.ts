import { Random } from '@app/simulation';
import { NO_END_STATE_PROBLEMS } from '../support/faults/end-state.js';
import { FaultStream } from '../support/faults/fault-stream.js';
import { type CrashState, killInsideBatch, killInsidePublish } from '../support/faults/scorer-kills.js';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { INGESTED_AT, waitForEvaluation } from '../support/scenario.js';
import { Stack } from '../support/stack.js';

/**
 * The scorer SIGKILLed inside the two windows that matter, each one shown to have been hit:
 * - inside a batch: some chunks of a Kafka batch are committed to Redis, the batch's offset is
 *   not (SCORER_MAX_BATCH_EVENTS=50 cuts every fetched batch into many chunks);
 * - inside the publish of designation events: a partner's new state and its outbox are committed
 *   in Redis, the outbox is not yet acknowledged as published; once before the events reached
 *   Kafka, once after.
 * The windows are found, not hoped for: the scorer is frozen (SIGSTOP) at candidate moments, Redis
 * and the committed offsets are inspected, and it is SIGKILLed only inside the window (or stepped
 * a millisecond at a time until it is). Then it is restarted. The end
 * state must equal the clean-run oracle: nothing lost, nothing counted twice, every designation
 * event published, in order, re-publications identical.
 */
describe('faults: the scorer SIGKILLed inside a batch and inside a publish', () => {
  const rng = new Random(Number(process.env.CAPSCORE_FAULT_SEED ?? 9001));
  let ns: TestNamespace;
  let stream: FaultStream;
  let stack: Stack;
  let probe: PipelineProbe;
  const kills: string[] = [];

  beforeAll(async () => {
    ns = await createNamespace();
    stream = new FaultStream(ns, 150, 3301);
    stack = new Stack(ns, {
      CAPSCORE_CLOCK: new Date(INGESTED_AT).toISOString(),
      SCORER_TIMER_INTERVAL_MS: '200',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      SCORER_MAX_BATCH_EVENTS: '50',
      // Without it, the windows before the Kafka send and before the outbox acknowledgement are a
      // few calls wide, and on a loaded machine a kill could miss every publish: 30 ms holds each
      // open. The crash and its recovery are the same.
      SCORER_FAULT_PUBLISH_DELAY_MS: '30',
    });
    await Promise.all([stack.startScorer(), stack.startApi()]);
    probe = new PipelineProbe(ns);
    await probe.connect();
  });

  afterAll(async () => {
    process.stderr.write(`fault-scorer-kill: ${kills.length} kills\n  ${kills.join('\n  ')}\n`);
    await probe.close();
    await stack.stop();
    await dropNamespace(ns);
  });

  async function restartAfter(state: CrashState, label: string): Promise<void> {
    kills.push(
      `${label}: ${state.ahead} partner(s) ahead of the committed offsets, ${state.pendingOutboxPartners} with an unpublished outbox (${state.pendingDesignationIds.length} designation events), ${state.behind.length} behind`,
    );
    await stack.startScorer();
  }

  it('kills inside batches while consuming; ends with the clean-pass aggregates', async () => {
    await stream.produce();
    const behind: string[] = [];
    let insideBatch = 0;
    for (const threshold of [0.25, 0.6]) {
      // Caught still running (frozen at the threshold, then resumed), however fast the machine.
      const done = await stream.freezeAt(stack.scorer!, threshold + rng.next() * 0.1);
      stream.resume(stack.scorer!);
      const state = await killInsideBatch(stream, stack.scorer!, probe, rng);
      if (!state) break;
      insideBatch++;
      behind.push(...state.behind);
      await restartAfter(state, `inside a batch, ${Math.round(done * 100)}%+ consumed`);
    }
    // Durability before the offset commit: no kill ever left Redis behind a committed offset.
    expect(behind).toEqual([]);
    expect(insideBatch).toBeGreaterThanOrEqual(1);

    await stream.waitLag0();
    expect(await stream.aggregateMismatches(probe, INGESTED_AT)).toEqual([]);
    expect((await stream.lostEvents(probe, INGESTED_AT)).length).toBe(0);
  });

  it('kills inside the publish of designation events (before and after they reach Kafka); each ends in the topic once, in order', async () => {
    const expected = stream.expectedDesignations();
    const expectedCount = [...expected.values()].reduce((n, l) => n + l.length, 0);
    expect(expectedCount).toBeGreaterThan(50);
    expect(await stream.moveClockToSettled(stack.apiUrl)).toBe(200);

    // Two sub-windows: killed before the designation events reached Kafka (the next run publishes
    // them) and after they reached Kafka but before the outbox was acknowledged (the next run
    // publishes them again: duplicates with the same eventId and body).
    let beforeSend = 0;
    let afterSend = 0;
    // after-send first: with the holds (SCORER_FAULT_PUBLISH_DELAY_MS) it lands on the first
    // publish it sees. The timer shards fire one after another, so shards are left for
    // before-send, which kills at the first pending outbox of the restarted scorer.
    for (const mode of ['after-send', 'before-send', 'after-send', 'before-send'] as const) {
      if ((mode === 'after-send' && afterSend > 0) || (mode === 'before-send' && beforeSend > 0)) continue;
      const kill = await killInsidePublish(stream, stack.scorer!, probe, [...expected.keys()], mode, 60_000);
      if (!kill) break;
      expect(kill.state.behind).toEqual([]);
      if (kill.alreadyInKafka > 0) afterSend++;
      if (kill.notYetInKafka > 0) beforeSend++;
      await restartAfter(
        kill.state,
        `inside a publish (${mode}): ${kill.notYetInKafka} designation event(s) not yet in Kafka, ${kill.alreadyInKafka} already in Kafka`,
      );
    }
    expect({ beforeSend: beforeSend > 0, afterSend: afterSend > 0 }).toEqual({
      beforeSend: true,
      afterSend: true,
    });

    await waitForEvaluation(probe, stream.scenario.sim.partnerIds, stream.scenario.settledAt);
    await stream.waitLag0();
    const end = await stream.endState(probe, stream.scenario.settledAt, 'fault-scorer-kill');
    expect(end.problems).toEqual(NO_END_STATE_PROBLEMS);
    // The after-send kill left events that were published twice, identically.
    expect(end.duplicates).toBeGreaterThan(0);
  });
});
