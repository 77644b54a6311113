import type { InputEvent } from '@app/contracts';
import { type PartnerAggregate, applyEvents } from './aggregate.js';
import { cloneAggregate } from './aggregate-codec.js';
import type { LifecycleState, Transition } from './lifecycle-state.js';
import { evaluatePartner } from './lifecycle.js';
import type { Program } from './program-schema.js';
import type { PartnerScore } from './score.js';

export interface WhatIfResult {
  partnerId: string;
  at: number;
  /** Scores at `at` without and with the hypothetical events. */
  before: PartnerScore;
  after: PartnerScore;
  /** What evaluating at `at` with the events would publish (catching up on change points first, as the scorer does). */
  transitions: Transition[];
  /** The same evaluation without the events: what happens anyway. */
  transitionsWithout: Transition[];
}

/**
 * What hypothetical input events would do: they are applied to a clone of the aggregate and the
 * partner is evaluated at `at` from its lifecycle state, exactly as the scorer would, and once
 * more without them. Nothing given is changed. An `at` before the lifecycle's last evaluation
 * scores but yields no transitions (decisions are never rewritten).
 * @throws RangeError when an event belongs to another partner
 */
export function whatIf(
  program: Program,
  agg: PartnerAggregate,
  lifecycle: LifecycleState,
  events: readonly InputEvent[],
  at: number,
): WhatIfResult {
  const stranger = events.find((e) => e.partnerId !== agg.partnerId);
  if (stranger) {
    throw new RangeError(
      `event ${stranger.eventId} is of partner ${stranger.partnerId}, not ${agg.partnerId}`,
    );
  }
  const clone = cloneAggregate(agg);
  const last = applyEvents(clone, events);
  const without = evaluatePartner(program, agg, lifecycle, at, { kind: 'timer' });
  const withEvents = evaluatePartner(
    program,
    clone,
    lifecycle,
    at,
    last ? { kind: 'event', eventId: last.eventId } : { kind: 'timer' },
  );
  return {
    partnerId: agg.partnerId,
    at,
    before: without.score,
    after: withEvents.score,
    transitions: withEvents.transitions,
    transitionsWithout: without.transitions,
  };
}
