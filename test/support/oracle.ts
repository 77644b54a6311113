import type { DesignationEvent, InputEvent } from '@app/contracts';
import {
  applyEvent,
  canonicalAggregate,
  cloneAggregate,
  emptyAggregate,
  emptyLifecycle,
  evaluatePartner,
  nextChangeAt,
  pruneAggregate,
  toDesignationEvent,
  type PartnerAggregate,
  type Program,
} from '@app/scoring';

/**
 * What the pipeline must end with, computed by libs/scoring in one clean pass over the valid
 * events: per partner, every event applied once (duplicates and order do not matter), pruned at
 * the ingestion instant.
 */
export function cleanPassAggregates(
  program: Program,
  events: readonly InputEvent[],
  ingestedAt: number,
): Map<string, PartnerAggregate> {
  const byPartner = new Map<string, PartnerAggregate>();
  for (const event of events) {
    let agg = byPartner.get(event.partnerId);
    if (!agg) byPartner.set(event.partnerId, (agg = emptyAggregate(event.partnerId)));
    applyEvent(agg, event);
  }
  for (const agg of byPartner.values()) pruneAggregate(agg, program, ingestedAt);
  return byPartner;
}

/**
 * The designation events of a partner whose events were all ingested at `ingestedAt` (fixed
 * clock) and whose clock then jumped to `later`: the timer evaluation walks every change point
 * in between, as the scorer's timer loop does.
 */
export function expectedTransitions(
  program: Program,
  ingested: PartnerAggregate,
  ingestedAt: number,
  later: number,
): DesignationEvent[] {
  // The aggregate is already pruned at ingestedAt, exactly as the scorer stored it.
  const agg = cloneAggregate(ingested);
  const first = evaluatePartner(program, agg, emptyLifecycle(), ingestedAt, { kind: 'event' });
  const due = nextChangeAt(program, agg, first.lifecycle, ingestedAt);
  const second = evaluatePartner(program, agg, first.lifecycle, later, {
    kind: due && due.at <= later ? due.kind : 'timer',
  });
  return [...first.transitions, ...second.transitions].map((t) =>
    toDesignationEvent(program, agg.partnerId, t),
  );
}

export const canonical = (agg: PartnerAggregate): string => JSON.stringify(canonicalAggregate(agg));
