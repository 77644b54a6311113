import type { DlqRecord } from '@app/contracts';
import { simulate } from '@app/simulation';
import { waitDrained } from '../support/faults/fault-stream.js';
import {
  kafkaAt,
  placeId,
  produceTracked,
  readTopic,
  type RawRecord,
} from '../support/faults/kafka-tools.js';
import { excerptMismatch, keyEncoding } from '../support/faults/dlq-excerpts.js';
import { nearBrokerLimitRecords, type MalformedRecord } from '../support/faults/malformed-records.js';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { aggregateMismatches, INGESTED_AT, type Scenario } from '../support/scenario.js';
import { Stack } from '../support/stack.js';

/**
 * Records as large as the broker accepts (about 1 MB; capscore's own limit is 64 KiB) ahead of
 * valid events on the same partitions: a 950 KB text record, a 700 KB record of newlines (each
 * one JSON-escaped to two bytes in a dead letter) and a 900 KB binary record (a third larger in
 * base64), and a valid event under a 900 KB key. Each must be dead-lettered with its code
 * (too-large; key-mismatch for the key), its key and value whole when they fit in 64 KiB and
 * otherwise as a 64 KiB prefix marked truncated with the original size, in a dead letter the
 * broker accepts; and the valid events behind them must be applied: an oversized record must
 * never stall its partition.
 */
describe('fuzz: records near the broker limit never stall a partition', () => {
  const sim = simulate({ seed: 5151, partners: 20, lastMonth: '2026-05', months: 13, invalidRate: 0 });
  const validEvents = sim.records.flatMap((r) => (r.event ? [r.event] : []));
  const scenario: Scenario = { sim, validEvents, settledAt: sim.settledAt, records: () => [] };
  let ns: TestNamespace;
  let stack: Stack;
  let probe: PipelineProbe;
  let scorerExited = false;

  beforeAll(async () => {
    ns = await createNamespace();
    stack = new Stack(ns, { CAPSCORE_CLOCK: new Date(INGESTED_AT).toISOString() });
    const scorer = await stack.startScorer();
    void scorer.exited.then(() => (scorerExited = true));
    probe = new PipelineProbe(ns);
    await probe.connect();
  });

  afterAll(async () => {
    await probe.close();
    await stack.stop();
    await dropNamespace(ns);
  });

  it('dead-letters each with its code and a bounded excerpt, and applies every valid event behind it', async () => {
    const oversized = nearBrokerLimitRecords(validEvents, 77);
    // Oversized records first, then the whole valid stream: everything behind them must flow.
    const records: (RawRecord & { bad?: MalformedRecord })[] = [
      ...oversized.map((bad) => ({
        topic: ns.topics[bad.role],
        key: bad.key,
        value: bad.value,
        partitionBy: bad.partitionBy,
        bad,
      })),
      ...sim.records.map((r) => ({ topic: ns.topics[r.role], key: r.key, value: r.value })),
    ];
    const kafka = kafkaAt(ns.env.KAFKA_BROKERS!.split(','));
    const placed = await produceTracked(kafka, records, ns.partitions);
    await waitDrained(probe);

    const expected = new Map(
      records.flatMap((r, i) => (r.bad ? [[placeId(placed[i]!), r.bad] as const] : [])),
    );
    const dlq = (await readTopic(kafka, ns.topics.dlq)).map((m) => ({
      letter: JSON.parse(m.value?.toString() ?? '{}') as DlqRecord,
      messageBytes: (m.value?.length ?? 0) + (m.key?.length ?? 0),
    }));
    expect(dlq.map(({ letter }) => placeId(letter.original)).sort()).toEqual([...expected.keys()].sort());
    for (const { letter, messageBytes } of dlq) {
      const bad = expected.get(placeId(letter.original))!;
      const { original } = letter;
      expect({ kind: bad.kind, code: letter.code }).toEqual({ kind: bad.kind, code: bad.code });
      // Within the broker's default message limit, or the publish could never succeed.
      expect(messageBytes).toBeLessThan(1_000_000);
      const key = excerptMismatch(bad.key, {
        value: original.key,
        encoding: keyEncoding(bad.key),
        truncated: original.keyTruncated,
        bytes: original.keyBytes,
      });
      const value = excerptMismatch(bad.value, {
        value: original.value,
        encoding: original.valueEncoding,
        truncated: original.truncated,
        bytes: original.valueBytes,
      });
      expect({ kind: bad.kind, key, value }).toEqual({ kind: bad.kind, key: null, value: null });
    }
    expect(await aggregateMismatches(scenario, probe, INGESTED_AT)).toEqual([]);
    expect(scorerExited).toBe(false);
  });
});
