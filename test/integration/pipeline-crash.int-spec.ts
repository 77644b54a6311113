import type { DesignationEvent } from '@app/contracts';
import { Random } from '@app/simulation';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { TopicCollector } from '../support/kafka-io.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { eventually, httpJson } from '../support/processes.js';
import {
  aggregateMismatches,
  buildScenario,
  expectedDesignationEvents,
  INGESTED_AT,
  produceScenario,
  waitForEvaluation,
  waitForLag0,
} from '../support/scenario.js';
import { Stack } from '../support/stack.js';

/**
 * The oracle stream again, but the scorer is SIGKILLed at random points (three while the stream
 * is consumed, one while timers fire) and restarted each time. Nothing may be lost or counted
 * twice; a designation event may be published twice, but then with the identical eventId and body.
 */
describe('pipeline with the scorer killed mid-stream', () => {
  const scenario = buildScenario();
  const rng = new Random(Number(process.env.CAPSCORE_CRASH_SEED ?? 4242));
  let ns: TestNamespace;
  let stack: Stack;
  let probe: PipelineProbe;
  let designations: TopicCollector;
  const kills: string[] = [];

  beforeAll(async () => {
    ns = await createNamespace();
    stack = new Stack(ns, {
      CAPSCORE_CLOCK: new Date(INGESTED_AT).toISOString(),
      SCORER_TIMER_INTERVAL_MS: '200',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      // Small chunks: more commits, so a kill lands between a Redis commit and an offset commit.
      SCORER_MAX_BATCH_EVENTS: '500',
    });
    await Promise.all([stack.startScorer(), stack.startApi()]);
    probe = new PipelineProbe(ns);
    await probe.connect();
    designations = new TopicCollector(ns.topics.designations);
    await designations.start();
  });

  afterAll(async () => {
    process.stderr.write(`kills: ${kills.join('; ')}\n`);
    await designations.stop();
    await probe.close();
    await stack.stop();
    await dropNamespace(ns);
  });

  async function killAndRestart(label: string): Promise<void> {
    stack.scorer?.kill('SIGKILL');
    await stack.scorer?.exited;
    kills.push(label);
    await stack.startScorer();
  }

  it('ends with the clean-pass aggregates after three SIGKILLs during consumption', async () => {
    const total = scenario.sim.records.length;
    const thresholds = [0.15, 0.45, 0.75].map((t) => t + rng.next() * 0.1);
    await produceScenario(scenario, ns);
    for (const threshold of thresholds) {
      const lag = await eventually(
        async () => {
          const l = await probe.lag();
          return (total - l) / total >= threshold ? l : undefined;
        },
        300_000,
        `consumption past ${Math.round(threshold * 100)}%`,
      );
      await killAndRestart(`consumption at ${Math.round(((total - lag) / total) * 100)}%`);
    }
    expect(kills).toHaveLength(3);
    await waitForLag0(probe);
    expect(await aggregateMismatches(scenario, probe, INGESTED_AT)).toEqual([]);
  });

  it('loses no designation event when killed while timers fire; duplicates carry the same eventId and body', async () => {
    const expected = expectedDesignationEvents(scenario);
    const moved = await httpJson(`${stack.apiUrl}/admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: new Date(scenario.settledAt).toISOString() }),
    });
    expect(moved.status).toBe(200);
    const expectedCount = [...expected.values()].reduce((n, l) => n + l.length, 0);
    const killAt = Math.floor(expectedCount * (0.2 + rng.next() * 0.5));
    await eventually(
      () => (designations.messages.length >= killAt ? true : undefined),
      300_000,
      `${killAt} designation events`,
    );
    await killAndRestart(`timers after ${designations.messages.length} designation events`);

    await waitForEvaluation(probe, scenario.sim.partnerIds, scenario.settledAt);
    await eventually(
      () => (designations.messages.length >= expectedCount ? true : undefined),
      60_000,
      'all designation events',
    );

    const byId = new Map<string, string>();
    for (const message of designations.messages) {
      const body = message.value?.toString() ?? '';
      const { eventId } = JSON.parse(body) as DesignationEvent;
      const seen = byId.get(eventId);
      if (seen !== undefined) expect(body).toEqual(seen);
      byId.set(eventId, body);
    }
    const expectedIds = [...expected.values()].flat().map((e) => e.eventId);
    expect([...byId.keys()].sort()).toEqual([...expectedIds].sort());

    // Per partner, first publications come in the expected order.
    const firstOrder = new Map<string, string[]>();
    const seenIds = new Set<string>();
    for (const message of designations.messages) {
      const e = JSON.parse(message.value?.toString() ?? '') as DesignationEvent;
      if (seenIds.has(e.eventId)) continue;
      seenIds.add(e.eventId);
      firstOrder.set(e.partnerId, [...(firstOrder.get(e.partnerId) ?? []), e.eventId]);
    }
    for (const [partnerId, events] of expected) {
      expect({ partnerId, order: firstOrder.get(partnerId) }).toEqual({
        partnerId,
        order: events.map((e) => e.eventId),
      });
    }
    expect(await aggregateMismatches(scenario, probe, scenario.settledAt)).toEqual([]);
  });
});
