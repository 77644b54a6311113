import type { DesignationEvent, InputEvent } from '@app/contracts';
import {
  applyEvent,
  cloneAggregate,
  emptyAggregate,
  MCPP_PROGRAM,
  pruneAggregate,
  type PartnerAggregate,
} from '@app/scoring';
import { canonical } from '../oracle.js';
import type { PipelineProbe } from '../pipeline-probe.js';
import { INGESTED_AT } from '../scenario.js';
import type { CrashState } from './scorer-kills.js';

// The stored partner state against the events of the stream: applying an event the aggregate
// already holds changes nothing (applying is idempotent), so replaying events on a copy tells
// which were lost, and whether a partner is behind or ahead of the committed offsets.

/** Valid events whose effect is missing from the stored aggregates (see FaultStream.lostEvents). */
export async function lostEvents(
  validEvents: readonly InputEvent[],
  probe: PipelineProbe,
  prunedAt: number,
): Promise<InputEvent[]> {
  const byPartner = groupEvents(validEvents);
  const stored = await probe.partners([...byPartner.keys()]);
  const lost: InputEvent[] = [];
  for (const [partnerId, events] of byPartner) {
    const agg = stored.get(partnerId)?.aggregate;
    if (!agg) {
      lost.push(...events);
      continue;
    }
    const before = canonical(agg);
    if (withEvents(agg, events, prunedAt) === before) continue;
    for (const e of events) if (withEvents(agg, [e], prunedAt) !== before) lost.push(e);
  }
  return lost;
}

/**
 * The state a dead scorer left: partners behind `committedEvents` (the events under the committed
 * offsets), partners ahead of them, and outbox entries not yet acknowledged (see FaultStream.crashState).
 */
export async function crashStateAfter(
  committedEvents: readonly InputEvent[],
  partnerIds: readonly string[],
  probe: PipelineProbe,
  designationsTopic: string,
): Promise<CrashState> {
  const prefix = groupEvents(committedEvents);
  const stored = await probe.partners(partnerIds);
  const behind: string[] = [];
  let ahead = 0;
  let pendingOutboxPartners = 0;
  const pendingDesignationIds: string[] = [];
  const pendingPartners: string[] = [];
  for (const partnerId of partnerIds) {
    const row = stored.get(partnerId);
    const agg = row?.aggregate ?? null;
    const mine = prefix.get(partnerId) ?? [];
    if (row && row.pendingOutbox.length > 0) {
      pendingOutboxPartners++;
      for (const text of row.pendingOutbox) {
        const entry = JSON.parse(text) as { topic: string; value: string };
        if (entry.topic === designationsTopic) {
          pendingDesignationIds.push((JSON.parse(entry.value) as DesignationEvent).eventId);
        }
      }
      pendingPartners.push(partnerId);
    }
    if (!agg) {
      if (mine.length > 0) behind.push(partnerId);
      continue;
    }
    const current = canonical(agg);
    if (withEvents(agg, mine, INGESTED_AT) !== current) behind.push(partnerId);
    else if (canonical(cleanPass(partnerId, mine)) !== current) ahead++;
  }
  return { behind, ahead, pendingOutboxPartners, pendingPartners, pendingDesignationIds };
}

function groupEvents(events: readonly InputEvent[]): Map<string, InputEvent[]> {
  const result = new Map<string, InputEvent[]>();
  for (const e of events) {
    const list = result.get(e.partnerId);
    if (list) list.push(e);
    else result.set(e.partnerId, [e]);
  }
  return result;
}

function withEvents(agg: PartnerAggregate, events: readonly InputEvent[], prunedAt: number): string {
  const copy = cloneAggregate(agg);
  for (const e of events) applyEvent(copy, e);
  pruneAggregate(copy, MCPP_PROGRAM, prunedAt);
  return canonical(copy);
}

function cleanPass(partnerId: string, events: readonly InputEvent[]): PartnerAggregate {
  const agg = emptyAggregate(partnerId);
  for (const e of events) applyEvent(agg, e);
  pruneAggregate(agg, MCPP_PROGRAM, INGESTED_AT);
  return agg;
}
