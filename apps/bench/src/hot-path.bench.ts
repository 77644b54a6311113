import { Session } from 'node:inspector/promises';
import type { InputTopicRole } from '@app/contracts';
import type { ConsumedRecord } from '@app/kafka';
import { MCPP_PROGRAM, takeChanges, type PartnerAggregate, type PartnerMeta } from '@app/scoring';
import { PartnerEvaluator } from '../../scorer/src/pipeline/partner-evaluator.js';
import { decodePartnerRecords, groupByKey } from '../../scorer/src/pipeline/partner-records.js';
import { Progress } from './progress.js';
import type { BenchRecord } from './stream-producer.js';

export interface HotPathResult {
  records: number;
  recordsPerUnit: number;
  evaluations: number;
  cpuSeconds: number;
  recordsPerCpuSecond: number;
  microsecondsPerRecord: number;
  /** Bytes allocated per record (V8's sampling heap profiler, collected objects included). */
  allocatedBytesPerRecord: number;
  /** Share of the records the allocation pass covered (it samples a prefix of the stream). */
  allocationRecords: number;
}

// Per unit, every partner is decoded, applied, evaluated and encoded once, so the unit size sets
// the evaluations per record. The throughput run (1,000,000 records, 10,000 partners) evaluates a
// partner once per about 21 records; units of 200,000 records do the same here.
const RECORDS_PER_UNIT = 200_000;
const ALLOCATION_RECORDS = 400_000;

/**
 * The scorer's per-record work without Kafka or Redis: the throughput run's records, grouped into
 * units, decoded, applied, scored, run through the lifecycle and encoded as the scorer does
 * (PartnerEvaluator, partners kept decoded between units). What it costs here is a floor for the
 * whole pipeline, and it does not depend on how busy the broker and Redis are; the allocation
 * figure says how much work the garbage collector gets.
 */
export async function hotPathBench(records: readonly BenchRecord[], clock: number): Promise<HotPathResult> {
  const progress = new Progress('hot-path');
  const consumed = records.map((r, i) => ({
    role: r.role,
    record: {
      topic: r.role,
      partition: 0,
      offset: String(i),
      key: r.key === null ? null : Buffer.from(r.key),
      value: Buffer.from(r.value),
      timestamp: String(clock),
    } satisfies ConsumedRecord,
  }));
  const pass = (count: number): { evaluations: number } => {
    const evaluator = new PartnerEvaluator(MCPP_PROGRAM, { designations: 'designations', scores: 'scores' });
    const held = new Map<string, { aggregate: PartnerAggregate; meta: PartnerMeta }>();
    let evaluations = 0;
    for (let start = 0; start < count; start += RECORDS_PER_UNIT) {
      const unit = consumed.slice(start, Math.min(count, start + RECORDS_PER_UNIT));
      const chunks = (['certifications', 'revenue', 'customerSuccess'] as InputTopicRole[]).map((role) => ({
        role,
        partition: 0,
        records: unit.filter((r) => r.role === role).map((r) => r.record),
      }));
      for (const [partnerId, group] of groupByKey(chunks)) {
        const events = decodePartnerRecords(group, 'dlq', clock, []);
        if (events.length === 0) continue;
        const before = held.get(partnerId);
        const result = evaluator.evaluate(
          { partnerId, events, cause: { kind: 'event', eventId: events[events.length - 1]?.eventId } },
          before?.aggregate ?? null,
          before?.meta ?? null,
          clock,
        );
        evaluations++;
        if (!result) continue;
        takeChanges(result.aggregate);
        held.set(partnerId, { aggregate: result.aggregate, meta: result.meta });
      }
    }
    return { evaluations };
  };

  progress.say(`${consumed.length} records in units of ${RECORDS_PER_UNIT}: CPU pass...`);
  const cpuBefore = process.cpuUsage();
  const { evaluations } = pass(consumed.length);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;

  const allocationRecords = Math.min(consumed.length, ALLOCATION_RECORDS);
  progress.say(`allocation pass over the first ${allocationRecords} records...`);
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 64 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  pass(allocationRecords);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  let allocated = 0;
  const walk = (node: typeof profile.head): void => {
    allocated += node.selfSize;
    node.children.forEach(walk);
  };
  walk(profile.head);

  const result: HotPathResult = {
    records: consumed.length,
    recordsPerUnit: RECORDS_PER_UNIT,
    evaluations,
    cpuSeconds,
    recordsPerCpuSecond: consumed.length / cpuSeconds,
    microsecondsPerRecord: (cpuSeconds * 1e6) / consumed.length,
    allocatedBytesPerRecord: allocated / allocationRecords,
    allocationRecords,
  };
  progress.say(
    `${(consumed.length / evaluations).toFixed(1)} records per evaluation; ${Math.round(result.recordsPerCpuSecond)} records per CPU second (${result.microsecondsPerRecord.toFixed(1)} µs each), ${Math.round(result.allocatedBytesPerRecord)} bytes allocated per record`,
  );
  return result;
}
