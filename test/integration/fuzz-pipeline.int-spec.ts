import type { DlqCode, DlqRecord } from '@app/contracts';
import { Random, simulate } from '@app/simulation';
import { compareDesignations } from '../support/faults/end-state.js';
import { waitDrained } from '../support/faults/fault-stream.js';
import {
  kafkaAt,
  placeId,
  produceTracked,
  readTopic,
  type RawRecord,
} from '../support/faults/kafka-tools.js';
import { excerptMismatch, keyEncoding } from '../support/faults/dlq-excerpts.js';
import { malformedRecords, type MalformedRecord } from '../support/faults/malformed-records.js';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { httpJson, metricSum } from '../support/processes.js';
import {
  aggregateMismatches,
  expectedDesignationEvents,
  INGESTED_AT,
  waitForEvaluation,
  type Scenario,
} from '../support/scenario.js';
import { Stack } from '../support/stack.js';

/**
 * Fuzzing the real pipeline: CAPSCORE_FUZZ_RECORDS generated malformed records (20,000 by
 * default, sized for CI; `npm run fuzz -- --records 100000` is issue #7's full run),
 * each with one defect whose DLQ code contracts.md dictates (see malformed-records.ts),
 * interleaved at random with the valid stream of 150 partners (duplicates, reversals,
 * revocations, shuffled order). (Records near the broker's 1 MB limit: fuzz-oversized.) Every malformed record must come
 * out of the DLQ exactly once, identified by its topic/partition/offset, with its code, original
 * key and value and a message; every valid record must be applied exactly once (aggregates equal
 * the clean pass; the scorer counted each record once); the designation events equal the oracle's;
 * and the scorer process must never die.
 */
describe('fuzz: malformed records interleaved with valid events through the real pipeline', () => {
  const malformedCount = Number(process.env.CAPSCORE_FUZZ_RECORDS ?? 20_000);
  const seed = Number(process.env.CAPSCORE_FUZZ_SEED ?? 424_242);
  const sim = simulate({ seed: 5150, partners: 150, lastMonth: '2026-05', months: 13, invalidRate: 0 });
  const validEvents = sim.records.flatMap((r) => (r.event ? [r.event] : []));
  const scenario: Scenario = { sim, validEvents, settledAt: sim.settledAt, records: () => [] };
  const malformed = malformedRecords(validEvents, malformedCount, seed);
  let ns: TestNamespace;
  let stack: Stack;
  let probe: PipelineProbe;
  let scorerExited = false;
  /** topic/partition/offset → the malformed record produced there. */
  const malformedAt = new Map<string, MalformedRecord>();
  let validRecords = 0;

  beforeAll(async () => {
    ns = await createNamespace();
    stack = new Stack(ns, {
      CAPSCORE_CLOCK: new Date(INGESTED_AT).toISOString(),
      SCORER_TIMER_INTERVAL_MS: '200',
    });
    const scorer = await stack.startScorer();
    void scorer.exited.then(() => (scorerExited = true));
    await stack.startApi();
    probe = new PipelineProbe(ns);
    await probe.connect();
  });

  afterAll(async () => {
    await probe.close();
    await stack.stop();
    await dropNamespace(ns);
  });

  it('dead-letters every malformed record once with its code, key, value and a reason; the scorer never dies', async () => {
    // Malformed records at random positions; valid records keep their relative order.
    const rng = new Random(seed);
    const records: (RawRecord & { bad?: MalformedRecord })[] = sim.records.map((r) => ({
      topic: ns.topics[r.role],
      key: r.key,
      value: r.value,
    }));
    validRecords = records.length;
    for (const bad of malformed) {
      records.splice(rng.int(0, records.length), 0, {
        topic: ns.topics[bad.role],
        key: bad.key,
        value: bad.value,
        bad,
      });
    }
    const started = Date.now();
    const kafka = kafkaAt(ns.env.KAFKA_BROKERS!.split(','));
    const placed = await produceTracked(kafka, records, ns.partitions);
    records.forEach((r, i) => r.bad && malformedAt.set(placeId(placed[i]!), r.bad));
    const produced = Date.now();
    await waitDrained(probe);
    const consumed = Date.now();

    const dlq = await readTopic(kafka, ns.topics.dlq);
    const problems: string[] = [];
    const seen = new Set<string>();
    const byCode = new Map<DlqCode, number>();
    for (const message of dlq) {
      const r = JSON.parse(message.value?.toString() ?? '{}') as DlqRecord;
      const at = placeId(r.original);
      const bad = malformedAt.get(at);
      if (!bad) {
        problems.push(`${at}: a valid record was dead-lettered (${r.code}: ${r.message})`);
        continue;
      }
      if (seen.has(at)) problems.push(`${at}: dead-lettered twice`);
      seen.add(at);
      byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
      if (r.code !== bad.code) {
        problems.push(
          `${at} (${bad.kind}): code ${r.code}, expected ${bad.code}: ${r.message.slice(0, 100)}`,
        );
      }
      if (typeof r.message !== 'string' || r.message.length < 5) {
        problems.push(`${at} (${bad.kind}): no message`);
      }
      if (r.code === 'invalid-schema' && r.issues.length === 0) {
        problems.push(`${at} (${bad.kind}): no issues`);
      }
      const { original } = r;
      const key = excerptMismatch(bad.key, {
        value: original.key,
        encoding: keyEncoding(bad.key),
        truncated: original.keyTruncated,
        bytes: original.keyBytes,
      });
      if (key) problems.push(`${at} (${bad.kind}): key ${key}`);
      const value = excerptMismatch(bad.value, {
        value: original.value,
        encoding: original.valueEncoding,
        truncated: original.truncated,
        bytes: original.valueBytes,
      });
      if (value) problems.push(`${at} (${bad.kind}): value ${value}`);
    }
    const missing = [...malformedAt]
      .filter(([at]) => !seen.has(at))
      .map(([at, bad]) => `${at} (${bad.kind}) missing from the DLQ`);
    const byKind = new Map<string, number>();
    for (const bad of malformed) byKind.set(bad.kind, (byKind.get(bad.kind) ?? 0) + 1);
    process.stderr.write(
      `fuzz defects: ${JSON.stringify(Object.fromEntries([...byKind].sort((a, b) => b[1] - a[1])))}\n`,
    );
    process.stderr.write(
      `fuzz: ${malformed.length} malformed + ${validRecords} valid records produced in ${produced - started} ms, consumed by ${consumed - started} ms; DLQ ${dlq.length} (${JSON.stringify(Object.fromEntries(byCode))})\n`,
    );
    expect(problems.slice(0, 20)).toEqual([]);
    expect(missing.slice(0, 20)).toEqual([]);
    expect(dlq.length).toBe(malformed.length);
    expect(scorerExited).toBe(false);
    expect(stack.scorer!.output.filter((l) => /consumer crashed|uncaught|unhandled/i.test(l))).toEqual([]);
  });

  it('applies every valid event exactly once: clean-pass aggregates, every record counted once', async () => {
    expect(await aggregateMismatches(scenario, probe, INGESTED_AT)).toEqual([]);
    expect(await metricSum(stack.scorerUrl, 'capscore_events_applied_total')).toBe(validRecords);
    expect(await metricSum(stack.scorerUrl, 'capscore_dlq_records_total')).toBe(malformed.length);
  });

  it('publishes exactly the oracle designation events, each once, when the clock reaches the settled month', async () => {
    const expected = expectedDesignationEvents(scenario);
    const moved = await httpJson(`${stack.apiUrl}/admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: new Date(sim.settledAt).toISOString() }),
    });
    expect(moved.status).toBe(200);
    await waitForEvaluation(probe, sim.partnerIds, sim.settledAt);
    const report = compareDesignations(
      expected,
      await readTopic(kafkaAt(ns.env.KAFKA_BROKERS!.split(',')), ns.topics.designations),
    );
    process.stderr.write(
      `fuzz designations: ${report.received} published, ${report.expected} expected, ${report.duplicates} duplicates\n`,
    );
    expect(report.expected).toBeGreaterThan(50);
    const { received, duplicates, missing, unexpected, conflicting, contentMismatches, orderViolations } =
      report;
    expect({
      received,
      duplicates,
      missing,
      unexpected,
      conflicting,
      contentMismatches,
      orderViolations,
    }).toEqual({
      received: report.expected,
      duplicates: 0,
      missing: [],
      unexpected: [],
      conflicting: [],
      contentMismatches: [],
      orderViolations: [],
    });
    expect(scorerExited).toBe(false);
  });
});
