import type { DlqRecord } from '@app/contracts';
import { simulate } from '@app/simulation';
import { waitDrained } from '../support/faults/fault-stream.js';
import { kafkaAt, placeId, produceTracked, readTopic } from '../support/faults/kafka-tools.js';
import { freePort, freePortPair } from '@app/testkit';
import { PrivateRedis } from '../support/faults/servers.js';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { AppProcess, eventually, httpJson, metricSum, runCapscore } from '../support/processes.js';
import { aggregateMismatches, INGESTED_AT, type Scenario } from '../support/scenario.js';
import { Stack } from '../support/stack.js';

/**
 * Issue 13 item 4. A partner whose evaluation throws (SCORER_FAULT_FAIL_PARTNER, a hook only
 * configuration can set) must not stall its partition: its records are dead-lettered with code
 * processing-error and the original records, every other partner is scored, and after the fix
 * (a scorer without the hook) `capscore dlq redrive` brings them back, applied exactly once.
 * And failures retrying cannot fix stop the scorer with their class's exit code: readiness says
 * why first when the HTTP server is already up.
 */
describe('failures: a partner that cannot be scored is parked, fatal failures stop the scorer', () => {
  const sim = simulate({ seed: 1313, partners: 30, lastMonth: '2026-05', months: 13, invalidRate: 0 });
  const validEvents = sim.records.flatMap((r) => (r.event ? [r.event] : []));
  const scenario: Scenario = { sim, validEvents, settledAt: sim.settledAt, records: () => [] };
  // The partner with the most records: a failure there is the most to park and to bring back.
  const counts = new Map<string, number>();
  for (const e of validEvents) counts.set(e.partnerId, (counts.get(e.partnerId) ?? 0) + 1);
  const victim = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  let ns: TestNamespace;
  let probe: PipelineProbe;
  const stacks: Stack[] = [];

  beforeAll(async () => {
    ns = await createNamespace();
    probe = new PipelineProbe(ns);
    await probe.connect();
  });

  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.stop()));
    await probe.close();
    await dropNamespace(ns);
  });

  it('parks the failing partner as processing-error dead letters, scores the rest, and redrive applies them after the fix', async () => {
    const faulty = new Stack(ns, {
      CAPSCORE_CLOCK: new Date(INGESTED_AT).toISOString(),
      SCORER_FAULT_FAIL_PARTNER: victim,
    });
    stacks.push(faulty);
    const scorer = await faulty.startScorer();
    let exited = false;
    void scorer.exited.then(() => (exited = true));

    const kafka = kafkaAt(ns.env.KAFKA_BROKERS!.split(','));
    const records = sim.records.map((r) => ({ topic: ns.topics[r.role], key: r.key, value: r.value }));
    const placed = await produceTracked(kafka, records, ns.partitions);
    // Lag 0 means every partition moved past the victim's records.
    await waitDrained(probe);

    const victimRecords = new Map(
      records.flatMap((r, i) => (r.key === victim ? [[placeId(placed[i]!), r.value] as const] : [])),
    );
    const letters = (await readTopic(kafka, ns.topics.dlq)).map(
      (m) => JSON.parse(m.value?.toString() ?? '{}') as DlqRecord,
    );
    expect(letters.map((l) => placeId(l.original).toString()).sort()).toEqual(
      [...victimRecords.keys()].sort(),
    );
    for (const letter of letters) {
      expect({ code: letter.code, key: letter.original.key, value: letter.original.value }).toEqual({
        code: 'processing-error',
        key: victim,
        value: victimRecords.get(placeId(letter.original)),
      });
      expect(letter.message).toBe(
        `evaluating partner ${victim} failed: Error: fault hook SCORER_FAULT_FAIL_PARTNER: evaluation refused`,
      );
    }
    // Every other partner equals the clean pass; the victim has nothing stored.
    expect(await aggregateMismatches(scenario, probe, INGESTED_AT)).toEqual([victim]);
    expect((await probe.partners([victim])).get(victim)?.aggregate ?? null).toBeNull();
    expect(await metricSum(faulty.scorerUrl, 'capscore_dlq_records_total', 'code="processing-error"')).toBe(
      victimRecords.size,
    );
    expect(
      await metricSum(faulty.scorerUrl, 'capscore_processing_errors_total', 'path="event"'),
    ).toBeGreaterThanOrEqual(1);
    expect(exited).toBe(false);
    await faulty.stop();

    // The fix: a scorer without the hook, then redrive.
    const fixed = new Stack(ns, { CAPSCORE_CLOCK: new Date(INGESTED_AT).toISOString() });
    stacks.push(fixed);
    await fixed.startScorer();
    const redrive = await runCapscore(
      ns.env,
      'dlq',
      'redrive',
      '--code',
      'processing-error',
      '--format',
      'json',
    );
    expect(redrive.code).toBe(0);
    expect(JSON.parse(redrive.stdout)).toMatchObject({
      selected: victimRecords.size,
      redriven: victimRecords.size,
      skipped: 0,
    });
    await eventually(
      async () => ((await aggregateMismatches(scenario, probe, INGESTED_AT)).length === 0 ? true : undefined),
      60_000,
      'the victim applied after redrive',
    );
    // Applied once: every one of its records, sent again, changes nothing (no version moves).
    const before = (await probe.partners([victim])).get(victim)?.version;
    await runCapscore(ns.env, 'dlq', 'redrive', '--code', 'processing-error');
    await waitDrained(probe);
    expect((await probe.partners([victim])).get(victim)?.version).toBe(before);
  });

  it('a missing topic: readiness reports the cause, then the scorer exits with code 82', async () => {
    const port = await freePort();
    const scorer = new AppProcess('scorer', {
      ...ns.env,
      TOPIC_DLQ: `${ns.topics.dlq}.missing`,
      SCORER_HTTP_PORT: String(port),
      SCORER_FATAL_EXIT_DELAY_MS: '4000',
      SCORER_WARM_UP_MS: '0',
    });
    const ready = await eventually(
      async () => {
        const r = await httpJson(`http://127.0.0.1:${port}/health/ready`);
        return r.status === 503 && (r.body as { fatal?: unknown }).fatal ? r.body : undefined;
      },
      60_000,
      'readiness naming the fatal cause',
    );
    expect(ready).toMatchObject({
      status: 'stopping',
      fatal: { cause: 'kafka-missing-topic', exitCode: 82 },
    });
    expect(JSON.stringify(ready)).toContain(`${ns.topics.dlq}.missing`);
    expect(await scorer.exited).toBe(82);
    expect(scorer.output.join('\n')).toContain(
      'capscore scorer: kafka-missing-topic: a configured Kafka topic does not exist',
    );
  });

  it('Redis refusing the password: the scorer exits with code 81 and says so', async () => {
    const redis = new PrivateRedis(await freePortPair(), { password: 'the-right-one' });
    await redis.start();
    try {
      const url = redis.url.replace('the-right-one', 'a-wrong-one');
      const scorer = new AppProcess('scorer', {
        ...ns.env,
        REDIS_URL: url,
        SCORER_HTTP_PORT: String(await freePort()),
        SCORER_FATAL_EXIT_DELAY_MS: '0',
      });
      expect(await scorer.exited).toBe(81);
      const output = scorer.output.join('\n');
      expect(output).toContain('capscore scorer: redis-auth: Redis refused the credentials');
      expect(output).not.toContain('a-wrong-one');
    } finally {
      await redis.stop('SIGTERM');
    }
  });
});
