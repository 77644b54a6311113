import type { DesignationEvent, DlqRecord } from '@app/contracts';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { produce, TopicCollector } from '../support/kafka-io.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { eventually, httpJson, metricSum } from '../support/processes.js';
import {
  aggregateMismatches,
  buildScenario,
  deadLetterValues,
  expectedDeadLetterValues,
  expectedDesignationEvents,
  groupByPartner,
  INGESTED_AT,
  produceScenario,
  waitForEvaluation,
  waitForLag0,
} from '../support/scenario.js';
import { Stack } from '../support/stack.js';

describe('pipeline against the clean-pass oracle (real Kafka, real Redis)', () => {
  const scenario = buildScenario();
  let ns: TestNamespace;
  let stack: Stack;
  let probe: PipelineProbe;
  let designations: TopicCollector;
  let dlq: TopicCollector;

  beforeAll(async () => {
    ns = await createNamespace();
    stack = new Stack(ns, {
      CAPSCORE_CLOCK: new Date(INGESTED_AT).toISOString(),
      SCORER_TIMER_INTERVAL_MS: '200',
    });
    await Promise.all([stack.startScorer(), stack.startApi()]);
    probe = new PipelineProbe(ns);
    await probe.connect();
    designations = new TopicCollector(ns.topics.designations);
    dlq = new TopicCollector(ns.topics.dlq);
    await Promise.all([designations.start(), dlq.start()]);
  });

  afterAll(async () => {
    await Promise.all([designations.stop(), dlq.stop()]);
    await probe.close();
    await stack.stop();
    await dropNamespace(ns);
  });

  it('is a stream the issue asks for', () => {
    const { records } = scenario.sim;
    const ids = scenario.validEvents.map((e) => e.eventId);
    expect(scenario.validEvents.length).toBeGreaterThanOrEqual(50_000);
    expect(scenario.sim.partnerIds.length).toBeGreaterThanOrEqual(1000);
    expect((ids.length - new Set(ids).size) / ids.length).toBeGreaterThanOrEqual(0.05 * 0.9);
    expect(records.filter((r) => r.event === null).length / records.length).toBeGreaterThanOrEqual(0.01);
  });

  it('applies every valid event exactly once: aggregates and scores equal the clean pass', async () => {
    const started = Date.now();
    await produceScenario(scenario, ns);
    const produced = Date.now();
    await waitForLag0(probe);
    process.stderr.write(
      `${scenario.sim.records.length} records produced in ${produced - started} ms, consumed by ${Date.now() - started} ms\n`,
    );
    expect(await aggregateMismatches(scenario, probe, INGESTED_AT)).toEqual([]);
  });

  it('dead-letters every malformed record with its original value and a reason', async () => {
    const expected = expectedDeadLetterValues(scenario);
    await eventually(
      () => (dlq.messages.length >= expected.length ? true : undefined),
      60_000,
      'all dead letters',
    );
    const records = dlq.json<DlqRecord>();
    expect(deadLetterValues(records)).toEqual(expected);
    for (const r of records) {
      expect(r.code).toBeTruthy();
      expect(r.message.length).toBeGreaterThan(5);
    }
    const metrics = await httpJson(`${stack.scorerUrl}/metrics`);
    expect(String(metrics.body)).toMatch(/capscore_dlq_records_total\{code="[a-z-]+"\} \d+/);
  });

  it('publishes exactly the expected designation events when the clock reaches the settled month', async () => {
    const expected = expectedDesignationEvents(scenario);
    const expectedCount = [...expected.values()].reduce((n, list) => n + list.length, 0);
    expect(expectedCount).toBeGreaterThan(100);

    const moved = await httpJson(`${stack.apiUrl}/admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: new Date(scenario.settledAt).toISOString() }),
    });
    expect(moved.status).toBe(200);
    await waitForEvaluation(probe, scenario.sim.partnerIds, scenario.settledAt);
    await eventually(
      () => (designations.messages.length >= expectedCount ? true : undefined),
      60_000,
      'designation events',
    );

    const published = groupByPartner(designations.json<DesignationEvent>());
    expect(published.size).toBe(expected.size);
    for (const [partnerId, events] of expected) {
      expect({ partnerId, events: published.get(partnerId) }).toEqual({ partnerId, events });
    }
    expect(await aggregateMismatches(scenario, probe, scenario.settledAt)).toEqual([]);
  });

  it('takes a second copy of every valid record as the redelivery it is: nothing re-scored, re-written or re-published', async () => {
    const partnerIds = scenario.sim.partnerIds;
    const before = await probe.partners(partnerIds);
    const versions = new Map([...before].map(([id, row]) => [id, row.version]));
    const published = designations.messages.length;
    const unchanged = () => metricSum(stack.scorerUrl, 'capscore_unchanged_partners_total');
    const unchangedBefore = await unchanged();

    await produce(scenario.records(ns).filter((_, i) => scenario.sim.records[i]?.event !== null));
    await waitForLag0(probe);
    // Anything a unit publishes is acknowledged before its offsets are committed; allow the collector to catch up.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const after = await probe.partners(partnerIds);
    const rewritten = partnerIds.filter((id) => after.get(id)?.version !== versions.get(id));
    expect(rewritten).toEqual([]);
    expect([...versions.values()].every((v) => v > 0)).toBe(true);
    expect(designations.messages.length).toBe(published);
    expect((await unchanged()) - unchangedBefore).toBeGreaterThanOrEqual(partnerIds.length);
    expect(await aggregateMismatches(scenario, probe, scenario.settledAt)).toEqual([]);
  });
});
