import type { DesignationEvent, DlqRecord, InputEvent } from '@app/contracts';
import { MCPP_PROGRAM, scorePartner } from '@app/scoring';
import { simulate, type Simulation } from '@app/simulation';
import type { TestNamespace } from './infra.js';
import type { RawRecord } from '@app/kafka';
import { produce } from './kafka-io.js';
import { canonical, cleanPassAggregates, expectedTransitions } from './oracle.js';
import type { PipelineProbe } from './pipeline-probe.js';
import { eventually } from './processes.js';

/**
 * The issue #4 stream: 1,000 partners, duplicates, shuffled order within partners, reversals,
 * revocations, unlinked people and malformed records. Ingested at a fixed instant before any of
 * its facts take effect (so no partner can qualify while the stream is half applied, whatever
 * the batching), then the clock jumps to when every fact is in effect and timers fire.
 */
export const INGESTED_AT = Date.parse('2025-04-02T00:00:00Z');

export interface Scenario {
  sim: Simulation;
  validEvents: InputEvent[];
  settledAt: number;
  records(ns: TestNamespace): RawRecord[];
}

/** `invalidRate`: share of malformed records interleaved (each must be dead-lettered once). */
export function buildScenario(partners = 1000, seed = 2026, invalidRate = 0.015): Scenario {
  const sim = simulate({ seed, partners, lastMonth: '2026-05', months: 13, invalidRate });
  return {
    sim,
    validEvents: sim.records.flatMap((r) => (r.event ? [r.event] : [])),
    settledAt: sim.settledAt,
    records: (ns) => sim.records.map((r) => ({ topic: ns.topics[r.role], key: r.key, value: r.value })),
  };
}

export async function produceScenario(scenario: Scenario, ns: TestNamespace): Promise<void> {
  await produce(scenario.records(ns));
}

export async function waitForLag0(probe: PipelineProbe, timeoutMs = 300_000): Promise<void> {
  await eventually(async () => ((await probe.lag()) === 0 ? true : undefined), timeoutMs, 'consumer lag 0');
}

export async function waitForEvaluation(
  probe: PipelineProbe,
  partnerIds: readonly string[],
  at: number,
  timeoutMs = 300_000,
): Promise<void> {
  await eventually(
    async () => {
      const rows = await probe.partners(partnerIds);
      for (const row of rows.values()) {
        if ((row.meta?.lifecycle.lastEvaluatedAt ?? 0) < at || row.pendingOutbox.length > 0) return undefined;
      }
      return true;
    },
    timeoutMs,
    `every partner evaluated at ${new Date(at).toISOString()} with an empty outbox`,
  );
}

/** Compares the stored aggregates and scores with the clean pass; returns mismatching partner ids. */
export async function aggregateMismatches(
  scenario: Scenario,
  probe: PipelineProbe,
  at: number,
): Promise<string[]> {
  const expected = cleanPassAggregates(MCPP_PROGRAM, scenario.validEvents, INGESTED_AT);
  const stored = await probe.partners([...expected.keys()]);
  const mismatches: string[] = [];
  for (const [partnerId, agg] of expected) {
    const actual = stored.get(partnerId)?.aggregate;
    if (!actual || canonical(actual) !== canonical(agg)) {
      mismatches.push(partnerId);
      continue;
    }
    const scoreOf = (a: typeof agg) => JSON.stringify(scorePartner(MCPP_PROGRAM, a, at).designations);
    if (scoreOf(actual) !== scoreOf(agg)) mismatches.push(partnerId);
  }
  return mismatches;
}

export function expectedDesignationEvents(scenario: Scenario): Map<string, DesignationEvent[]> {
  const aggregates = cleanPassAggregates(MCPP_PROGRAM, scenario.validEvents, INGESTED_AT);
  const result = new Map<string, DesignationEvent[]>();
  for (const [partnerId, agg] of aggregates) {
    const events = expectedTransitions(MCPP_PROGRAM, agg, INGESTED_AT, scenario.settledAt);
    if (events.length > 0) result.set(partnerId, events);
  }
  return result;
}

export function groupByPartner(events: readonly DesignationEvent[]): Map<string, DesignationEvent[]> {
  const result = new Map<string, DesignationEvent[]>();
  for (const e of events) result.set(e.partnerId, [...(result.get(e.partnerId) ?? []), e]);
  return result;
}

/** The original values of the malformed records, as the DLQ reports them (utf8 or base64). */
export function expectedDeadLetterValues(scenario: Scenario): string[] {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  return scenario.sim.records
    .filter((r) => r.event === null)
    .map((r) => {
      const bytes = Buffer.from(r.value);
      try {
        return utf8.decode(bytes);
      } catch {
        return bytes.toString('base64');
      }
    })
    .sort();
}

export function deadLetterValues(records: readonly DlqRecord[]): string[] {
  return records.map((r) => r.original.value ?? '').sort();
}
